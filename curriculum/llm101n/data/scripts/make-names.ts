// Writes ../names.txt: the names list of the LLM101n course, written for the course (CC0).
// Run from anywhere with Node 24: `node curriculum/llm101n/data/scripts/make-names.ts`.
// The output is deterministic: the same script always writes the same file, so names.txt can be checked
// by regenerating it and diffing.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Part 1: common given names from many languages. Names are facts, not works; this list was typed for the course.
const COMMON = `
aaron abby abel abigail ada adam adele adrian agnes aiden aisha alan albert alec alex alexa alexander alexis
alfred alice alicia alina alisha allan alma amara amber amelia amina amir amos amy ana anders andre andrea
andrew angel angela angus anika anita ann anna anne annie anton antonio april archie aria ariana ariel arjun
arlo arthur asha asher aster astrid aubrey audrey august aurora austin ava axel ayla bailey barbara basil
beatrice bella ben benjamin bernard beth bianca blake bonnie boris bradley brenda brian bridget brooke bruce
bruno caleb callum calvin camila camille carl carla carlos carmen carol caroline carter casey cassandra
cecilia cedric celia charles charlie charlotte chiara chloe chris christian christina claire clara clarence
claude clement colin connor cora craig cyrus daisy dakota dale dalia damian dana daniel daniela dante daphne
darius david dawn dean delia denise dennis derek diana diego dina dmitri dolores dominic donald dora doris
dorothy douglas dylan eddie eden edgar edith edmund edward edwin eileen elaine eleanor elena eli elias elijah
elisa eliza ella ellen elliot eloise elsa elsie emil emilia emily emma enzo eric erica erik erin ernest esme
esther ethan etta eugene eva evan eve evelyn ezra fabian faith farah fatima felix fern fernando fiona flora
florence frances francis frank freya frida gabriel gail gemma george georgia gerald gia gideon gilbert gina
giulia gloria grace greta gus gwen hana hannah harold harper harriet harry hazel hector heidi helen henry
hilda holly hope hugo ian ida imani imogen ingrid irene iris isaac isabel isabella isla ivan ivy jack jacob
jade james jamie jane janet jasmine jasper javier jay jean jenna jesse jessica joan joanna joel john jonah
jonas jordan jorge joseph josephine joy juan judith julia julian june juno justin kai kaia kara karen karim
kate katherine kathleen katie kay keira keith kelly ken kenji kevin kian kim kira kofi lana laura lauren layla
leah lena leo leon leona leonard lila lily lina linda lionel lisa liv logan lola lorenzo lottie louis louise
lucas lucia lucy luis luke luna lydia mabel maddox maeve magnus maisie malik mara marcel marco margaret maria
marie marina mario mark marta martha martin mary mason matilda matteo matthew maud max maya mei melissa mia
michael miguel mila miles milo mina miriam molly mona morgan moses nadia naomi nash natalia nathan neil nell
nia nicholas nico nina noah noel nora norman nova olga oliver olivia omar opal oscar otto owen pablo paige
pamela parker patricia patrick paul paula pearl penelope percy peter petra philip phoebe pia piper priya
quentin quinn rachel rafael raja ralph ramona raul ray rebecca reggie remy rena rhea ricardo richard riley
rita robert robin rohan roman rosa rose rosie ross ruby rufus rupert ruth ryan sabrina sadie sally salma sam
samir samuel sana sandra santiago sara sasha saul scarlett sean selma serena seth shira sienna silas simon
sofia sonia sophie stella stephen susan sven sylvia tamara tara ted teresa thea theo thomas tilda timothy
tobias tom tomas una uma ursula valentina valerie vera victor victoria vincent viola violet vivian wade walter
wanda wendy wesley willa william willow winston xander xavier yara yasmin yuki yusuf zach zara zoe zora
`;

// Part 2: names composed of syllables, so the list is long enough to train on and still sounds like names.
const ONSETS = [
  "",
  "b",
  "br",
  "c",
  "ch",
  "d",
  "el",
  "f",
  "g",
  "h",
  "j",
  "k",
  "kr",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "sh",
  "t",
  "th",
  "v",
  "z",
  "al",
  "an",
  "ar",
  "em",
  "is",
];
const VOWELS = ["a", "a", "a", "e", "e", "i", "i", "o", "o", "u", "y", "ia"];
const MIDDLES = [
  "l",
  "n",
  "r",
  "m",
  "s",
  "v",
  "d",
  "th",
  "nd",
  "ll",
  "r",
  "n",
  "l",
  "b",
  "t",
  "k",
  "sh",
  "ss",
  "nn",
  "z",
];
const ENDINGS = [
  "",
  "",
  "a",
  "a",
  "ah",
  "an",
  "el",
  "en",
  "er",
  "ia",
  "ie",
  "in",
  "is",
  "on",
  "or",
  "y",
  "o",
  "e",
  "ra",
  "na",
  "ly",
  "elle",
  "ette",
  "ric",
  "wyn",
  "son",
  "lyn",
  "ius",
  "ina",
  "ard",
];

// mulberry32: a tiny seeded PRNG, enough for a reproducible word list.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function composeName(rand: () => number): string {
  const syllables = rand() < 0.55 ? 1 : 2;
  let name = pick(rand, ONSETS) + pick(rand, VOWELS);
  for (let i = 0; i < syllables; i++) name += pick(rand, MIDDLES) + pick(rand, VOWELS);
  const ending = pick(rand, ENDINGS);
  // An ending that starts with a vowel replaces the name's last vowel ("mira" + "elle" -> "mirelle").
  if (/^[aeiouy]/.test(ending)) name = name.replace(/[aeiouy]+$/, "");
  name += ending;
  // Tidy the seams so names read naturally: no triple letters, no doubled vowels across a seam.
  return name
    .replace(/(.)\1\1+/g, "$1$1")
    .replace(/([aeiouy])\1/g, "$1")
    .replace(/([aeiouy]{2})[aeiouy]+/g, "$1");
}

const common = COMMON.split(/\s+/).filter((n) => n.length > 0);
const seen = new Set<string>(common);
const names = [...common];
const rand = mulberry32(101);
const TARGET = 3200;
while (names.length < TARGET) {
  const name = composeName(rand);
  if (name.length < 3 || name.length > 10 || seen.has(name)) continue;
  seen.add(name);
  names.push(name);
}
// Shuffle (Fisher-Yates) so common and composed names are mixed, as in a real list.
for (let i = names.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  const tmp = names[i] as string;
  names[i] = names[j] as string;
  names[j] = tmp;
}
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "names.txt");
writeFileSync(out, `${names.join("\n")}\n`);
console.log(`wrote ${names.length} names (${common.length} common) to ${out}`);
