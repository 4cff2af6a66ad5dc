/**
 * The terminal adapter: `sourcing ask|classify|chat|start|lint`, over the same engine as the Slack app.
 * Exit codes: 0 ok, 1 configuration or content error (one line, no stack trace), 2 bad usage or input.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppError, toAppError } from '../errors/index.js';
import { createEngine, type Engine } from '../engine.js';
import { loadCatalogue } from '../knowledge/load.js';
import { checkMessage } from '../replies/blocks.js';
import { renderAnswer } from '../replies/answer.js';
import { recommend, validateAnswers } from '../interview/decide.js';
import { startInterview, transition, type InterviewEvent, type InterviewState } from '../interview/machine.js';
import { parseInput } from '../interview/parse.js';
import { questionText, recommendationMessage, recommendationText } from '../replies/interview.js';
import { QUESTION_IDS, QUESTION_VALUES } from '../interview/schema.js';

export interface Io {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Record<string, string | undefined>;
  readonly isTTY: boolean;
}

const USAGE = `Sourcing Advisor: outsourcing vs offshoring, in your terminal.

Usage:
  sourcing ask "what is offshoring" [--json]   answer one question
  sourcing classify                            read questions (one per line) on stdin, write JSON lines
  sourcing chat                                an interactive session
  sourcing interview                           the decision interview, in the terminal
  sourcing recommend [--json] core=… budget=… coverage=… control=… regulation=… expertise=… horizon=…
                                               a recommendation from the seven answers, without asking
  sourcing start                               run the Slack app (needs the settings in .env.example)
  sourcing lint                                validate the content in intents/
`;

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function ask(engine: Engine, args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const question = positionals.join(' ').trim();
  if (!question) {
    write(io.stderr, 'sourcing ask: give a question, like: sourcing ask "what is offshoring"');
    return 2;
  }
  if (values.json) {
    const { match, message } = engine.answer(question, { visibility: 'private' });
    const { text } = engine.answerText(question);
    write(io.stdout, JSON.stringify({ intent: match.intent, confidence: match.confidence, alternatives: match.alternatives, text, blocks: message.blocks }));
    return 0;
  }
  const { match, text } = engine.answerText(question);
  write(io.stdout, text);
  return 0;
}

async function classify(engine: Engine, io: Io): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const m = engine.matcher.match(line);
    write(io.stdout, JSON.stringify({ text: line, intent: m.intent, confidence: m.confidence }));
  }
  return 0;
}

async function chat(engine: Engine, io: Io): Promise<number> {
  const rl = createInterface({ input: io.stdin, output: io.isTTY ? io.stdout : undefined, terminal: io.isTTY });
  const prompt = (): void => {
    if (io.isTTY) io.stdout.write('\nyou> ');
  };
  write(io.stdout, 'Sourcing Advisor. Ask me about outsourcing and offshoring ("quit" to leave).');
  prompt();
  for await (const line of rl) {
    const q = line.trim();
    if (['quit', 'exit', 'bye', ':q'].includes(q.toLowerCase())) break;
    if (q) {
      write(io.stdout, `\n${engine.answerText(q).text}`);
    }
    prompt();
  }
  rl.close();
  return 0;
}

function recommendCommand(engine: Engine, args: string[], io: Io): number {
  const json = args.includes('--json');
  const pairs: Record<string, string> = {};
  for (const arg of args.filter((a) => a !== '--json')) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      write(io.stderr, `sourcing recommend: "${arg}" is not question=value; questions: ${QUESTION_IDS.map((q) => `${q}=${QUESTION_VALUES[q].join('|')}`).join(' ')}`);
      return 2;
    }
    pairs[arg.slice(0, eq).trim()] = arg.slice(eq + 1).trim();
  }
  let answers;
  try {
    answers = validateAnswers(pairs);
  } catch (err) {
    write(io.stderr, `sourcing recommend: ${(err as Error).message}`);
    return 2;
  }
  const spec = engine.catalogue.interview;
  const r = recommend(spec, answers);
  const fnLabel = pairs.function ?? null;
  const text = recommendationText(engine.catalogue, { functionLabel: fnLabel }, r);
  if (!json) {
    write(io.stdout, text);
    return 0;
  }
  const now = Date.now();
  const state: InterviewState = {
    team: 'terminal', channel: 'terminal', thread: 'terminal', id: 'terminal', starter: 'terminal', status: 'done', step: null,
    answers, functionLabel: fnLabel, history: [], changing: false, version: 1, createdAt: now, updatedAt: now, expiresAt: now,
  };
  const { blocks } = recommendationMessage(engine.catalogue, state, r);
  const reasons = [...(r.rule ? [{ rule: r.rule.id, text: r.rule.reason }] : []), ...r.reasons.map((x) => ({ question: x.question, value: x.value, text: x.text }))];
  write(io.stdout, JSON.stringify({ recommendation: r.recommendation, runnerUp: r.runnerUp, challenges: r.challenges, reasons, text, blocks }));
  return 0;
}

async function interviewCommand(engine: Engine, io: Io): Promise<number> {
  const spec = engine.catalogue.interview;
  const ttl = 24 * 3600_000;
  let t = startInterview(spec, { team: 'terminal', channel: 'terminal', thread: 'terminal' }, 'you', Date.now(), ttl);
  let state = t.state;
  write(io.stdout, 'Sourcing decision interview. Answer with a number or the option; type back, restart, cancel or help at any time.\n');
  const show = (effects: typeof t.effects): boolean => {
    for (const e of effects) {
      if (e.kind === 'ask') write(io.stdout, `${e.note ? `${e.note}\n` : ''}\n${questionText(engine.catalogue, state, e.question)}`);
      else if (e.kind === 'help') write(io.stdout, spec.question.get(e.question)!.help.replace(/[*_]/g, ''));
      else if (e.kind === 'recommend') {
        write(io.stdout, `\n${recommendationText(engine.catalogue, state, e.result)}`);
        return true;
      } else if (e.kind === 'cancelled') {
        write(io.stdout, 'Interview cancelled.');
        return true;
      }
    }
    return false;
  };
  show(t.effects);
  const rl = createInterface({ input: io.stdin, output: io.isTTY ? io.stdout : undefined, terminal: io.isTTY });
  if (io.isTTY) io.stdout.write('> ');
  for await (const line of rl) {
    const q = spec.question.get(state.step ?? '')!;
    const parsed = parseInput(q, line);
    let event: InterviewEvent | undefined;
    if (parsed.kind === 'answer') event = { type: 'answer', question: q.id, value: parsed.value, ...(parsed.label ? { label: parsed.label } : {}) };
    else if (parsed.kind === 'command') event = { type: parsed.command };
    if (!event) {
      if (line.trim()) {
        const side = engine.answerText(line);
        write(io.stdout, side.match.intent !== 'none' ? `\n${side.text}\n` : "I didn't catch that as an answer.");
      }
      write(io.stdout, `\n${questionText(engine.catalogue, state, state.step!)}`);
    } else {
      t = transition(spec, state, event, Date.now(), ttl);
      state = t.state;
      if (show(t.effects)) break;
    }
    if (io.isTTY) io.stdout.write('> ');
  }
  rl.close();
  return 0;
}

/** Validates the content and every rendered answer against Slack's limits. */
function lint(io: Io): number {
  const catalogue = loadCatalogue();
  let problems = 0;
  for (const id of catalogue.intents.keys()) {
    for (const visibility of ['private', 'public'] as const) {
      for (const p of checkMessage(renderAnswer(catalogue, id, { visibility, sharedBy: 'U0000000000', question: 'x'.repeat(500) }))) {
        write(io.stderr, `intents/topics/${id}.yml (${visibility}): ${p}`);
        problems++;
      }
    }
  }
  if (problems > 0) return 1;
  // Train the matcher once and leave the startup cache behind, so the next start is fast.
  createEngine();
  const examples = [...catalogue.intents.values()].reduce((n, i) => n + i.examples.length, 0);
  write(io.stdout, `content ok: ${catalogue.intents.size} intents, ${examples} examples, ${catalogue.sources.size} sources; every answer fits Slack's limits`);
  return 0;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ask':
        return ask(createEngine(), rest, io);
      case 'classify':
        return await classify(createEngine(), io);
      case 'chat':
        return await chat(createEngine(), io);
      case 'lint':
        return lint(io);
      case 'recommend':
        return recommendCommand(createEngine(), rest, io);
      case 'interview':
        return await interviewCommand(createEngine(), io);
      case 'start': {
        const { startApp } = await import('../main.js');
        await startApp(io.env);
        return -1; // keeps running
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        write(io.stdout, USAGE);
        return 0;
      default:
        write(io.stderr, `sourcing: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    const e = toAppError(err);
    if (e instanceof AppError && (e.code === 'config_invalid' || e.code === 'content_invalid' || e.code === 'bad_input' || e.code === 'slack_auth')) {
      write(io.stderr, e.message);
      return e.code === 'bad_input' ? 2 : 1;
    }
    write(io.stderr, `sourcing: ${e.message}`);
    return 1;
  }
}
