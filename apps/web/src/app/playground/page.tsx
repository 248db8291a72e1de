import { PlaygroundCell } from "@/components/playground-cell";

export const metadata = { title: "Playground · nanoschool" };

export default function PlaygroundPage() {
  return (
    <>
      <h1>Playground</h1>
      <p className="lead">A scratch cell on the tensor runtime.</p>
      <PlaygroundCell />
    </>
  );
}
