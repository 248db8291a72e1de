// Requests for the answer itself, and attempts to talk the tutor out of its rules, in the question or
// hidden in the student's code. A match is not an accusation: the student simply gets the next hint
// instead of a model's answer. The output check (leak-check.ts) stays the real guarantee; this only
// saves a model call that could not be shown anyway.

const PATTERNS: RegExp[] = [
  // Overriding the rules.
  /\b(ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(instructions?|rules?|prompt|guidelines|policy|polic(y|ies))\b/i,
  /\b(system|developer)\s+(prompt|message|instructions?)\b/i,
  /\b(jailbreak|dan mode|developer mode|god mode)\b/i,
  /\byou are (now|no longer)\b/i,
  /\b(pretend|act|role-?play|imagine)\b[^.\n]{0,60}\b(no rules|without (any )?(rules|restrictions)|answer machine|solution|the grader|the teacher|the instructor)\b/i,
  // Asking for the reference or the hidden tests.
  /\b(reference|official|model|complete|full|whole|correct|final|working)\s+(solution|answer|implementation|code)\b/i,
  /\b(give|show|print|reveal|write|paste|output|dump|tell|send|leak)\b[^.\n]{0,40}\b(solution|answer key|hidden tests?|probes?|the reference)\b/i,
  /\bsolution\.ts\b|\bhidden\.test\.ts\b|\bexercise_secret\b/i,
  /\b(just|only)\s+(the\s+)?(first|last|next)\s+(line|lines|few lines|step)\s+of\s+(the\s+)?(solution|answer|code)\b/i,
  // The same asks in other languages the course's students write in.
  /\b(dame|dime|muestra|escribe)\b[^.\n]{0,40}\b(soluci[oó]n|respuesta)\b/i,
  /\b(donne|montre|écris|ecris)[- ]moi\b[^.\n]{0,40}\b(solution|réponse|reponse|code)\b/i,
  /\bla\s+(soluci[oó]n|solution)\s+(completa|complète|complete|correcta|correcte)\b/i,
  /\b(gib|zeig)\s+mir\b[^.\n]{0,40}\b(l[öo]sung|antwort)\b/i,
  /\b(ignoriere|ignora|ignorez|ignore)\b[^.\n]{0,40}\b(anweisungen|instrucciones|istruzioni|instructions)\b/i,
  /(答案|解答|完整代码|正解|答えを|解決策)/,
];

export type InjectionFinding = { source: "question" | "code"; excerpt: string };

export function findInjection(question: string, studentCode: string | undefined): InjectionFinding | null {
  for (const [source, text] of [
    ["question", question],
    ["code", studentCode ?? ""],
  ] as const) {
    for (const pattern of PATTERNS) {
      const match = pattern.exec(text);
      if (match) return { source, excerpt: match[0].slice(0, 80) };
    }
  }
  return null;
}
