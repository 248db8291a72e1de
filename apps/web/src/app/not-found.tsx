import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p className="lead">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link href="/">Back to the courses</Link>
    </>
  );
}
