/**
 * The terminal door: `sourcing ask|classify|chat|interview|recommend|start|lint`, over the same engine, router and
 * interview runner as the Slack app. Exit codes: 0 ok, 1 configuration or content error (one line, no stack
 * trace), 2 bad usage or input.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppError, toAppError } from '../errors/index.js';
import { createEngine, type Engine } from '../engine.js';
import { loadCatalogue } from '../knowledge/load.js';
import { fill, type Copy } from '../knowledge/copy.js';
import { checkMessage } from '../replies/blocks.js';
import { hasMore, renderAnswer } from '../replies/answer.js';
import { renderAnswerModal, renderHome } from '../replies/home.js';
import { LIMITS } from '../replies/blocks.js';
import { checkAnswers, describeProblem, recommend } from '../interview/decide.js';
import type { InterviewState } from '../interview/machine.js';
import { decisionBrief, recommendationMessage, recommendationText } from '../replies/interview.js';
import { QUESTION_IDS, QUESTION_VALUES } from '../interview/schema.js';
import { answerTo, type AnswerReply } from '../conversation/replies.js';
import { createInterviews, type Io as ConversationIo } from '../conversation/interviews.js';
import { memoryRepo } from '../store/memory.js';
import { createThreads, memoryTopics } from '../conversation/threads.js';
import { readAnswer } from '../interview/parse.js';
import { HELP, NONE } from '../knowledge/contract.js';
import { lintContent } from '../knowledge/lint.js';
import type { MatchResult } from '../nlu/matcher.js';
import { stringify } from 'yaml';
import { parseStoreConfig, readEnvironment } from '../config/index.js';
import { openStore, storeExists } from '../store/index.js';
import { gapWhat } from '../replies/home.js';
import type { Gap } from '../conversation/feedback.js';

export interface Io {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Record<string, string | undefined>;
  readonly isTTY: boolean;
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The reply a message gets in the terminal, through the same router as Slack (a request to decide gets its topic). */
function replyTo(engine: Engine, text: string): { reply: AnswerReply; match?: MatchResult } {
  const route = engine.router.route(text, 'message');
  if (route.kind === 'help' || !route.match) return { reply: { kind: 'answer', intent: HELP, visibility: 'private' } };
  return { reply: answerTo(route.match, text, 'private'), match: route.match };
}

function ask(engine: Engine, args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const question = positionals.join(' ').trim();
  if (!question) {
    write(io.stderr, engine.catalogue.copy.cli.ask_missing);
    return 2;
  }
  const { reply, match } = replyTo(engine, question);
  const text = engine.render.text(reply);
  if (values.json) {
    // `blocks` is the first message as Slack shows it; `more`, the whole answer its "More" button puts in its place.
    const intent = engine.catalogue.intents.get(reply.intent);
    write(
      io.stdout,
      JSON.stringify({
        intent: match?.intent ?? HELP,
        confidence: match?.confidence ?? 1,
        alternatives: match?.alternatives ?? [],
        text,
        blocks: engine.render.message(reply).blocks,
        ...(match?.uncovered ? { uncovered: match.uncovered.gap } : {}),
        ...(match?.section ? { section: match.section } : {}),
        ...(intent && hasMore(intent) && reply.intent !== NONE ? { more: engine.render.message({ ...reply, full: true }).blocks } : {}),
      }),
    );
    return 0;
  }
  write(io.stdout, text);
  return 0;
}

/** A line of JSON input as an object, or undefined when the line is not a JSON object. */
function jsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One question per line, or a JSON line `{"text", "previous"}` where `previous` is the intent of the answer just given
 * in the same thread; writes `{"text","intent","confidence"}` for each, the intent read in that context.
 */
async function classify(engine: Engine, io: Io): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const json = jsonLine(line);
    const text = json && typeof json.text === 'string' ? json.text : line;
    const previous = json && typeof json.previous === 'string' && engine.catalogue.intents.has(json.previous) ? json.previous : undefined;
    const m = engine.matcher.match(text, previous ? { previous } : {});
    write(io.stdout, JSON.stringify({ text, intent: m.intent, confidence: m.confidence }));
  }
  return 0;
}

/**
 * Typed interview answers, as JSON lines `{"question", "text"}`; writes `{"question","text","value"}` for each, where
 * `value` is the option read, or null when the text is not an answer (a question, a command, or unclear). A line
 * that is not such an object, or names no interview question, gets `"value": null` and an `"error"`, and the
 * command exits 2 once every line is written.
 */
async function parseCommand(engine: Engine, io: Io): Promise<number> {
  const spec = engine.catalogue.interview;
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let bad = false;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const json = jsonLine(line);
    const question = json && typeof json.question === 'string' ? spec.question.get(json.question) : undefined;
    const text = json && typeof json.text === 'string' ? json.text : undefined;
    if (!question || text === undefined) {
      bad = true;
      const error = !json ? 'not a JSON object' : text === undefined ? 'no "text"' : `unknown question "${String(json.question)}"`;
      write(io.stdout, JSON.stringify({ question: json?.question ?? null, text: text ?? null, value: null, error }));
      continue;
    }
    write(io.stdout, JSON.stringify({ question: question.id, text, value: readAnswer(question, text, spec.answers) }));
  }
  return bad ? 2 : 0;
}

const QUIT = new Set(['quit', 'exit', 'bye', ':q']);

/** A conversation, each question read in the context of the answer before it (as in a Slack thread). */
async function chat(engine: Engine, io: Io): Promise<number> {
  const threads = createThreads({ router: engine.router, repo: memoryTopics() });
  const here = [{ team: 'terminal', channel: 'terminal', thread: 'chat' }];
  const rl = createInterface({ input: io.stdin, output: io.isTTY ? io.stdout : undefined, terminal: io.isTTY });
  const prompt = (): void => {
    if (io.isTTY) io.stdout.write('\nyou> ');
  };
  write(io.stdout, engine.catalogue.copy.cli.chat_welcome);
  prompt();
  for await (const line of rl) {
    const q = line.trim();
    if (QUIT.has(q.toLowerCase())) break;
    if (q) {
      const route = await threads.route(q, 'message', here);
      const match = route.kind === 'help' ? undefined : route.match;
      write(io.stdout, `\n${engine.render.text(match ? answerTo(match, q, 'private') : replyTo(engine, q).reply)}`);
      if (match) await threads.remember(here, match.intent);
    }
    prompt();
  }
  rl.close();
  return 0;
}

function recommendCommand(engine: Engine, args: string[], io: Io): number {
  const json = args.includes('--json');
  const markdown = args.includes('--markdown');
  const pairs: Record<string, string> = {};
  for (const arg of args.filter((a) => a !== '--json' && a !== '--markdown')) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      write(io.stderr, fill(engine.catalogue.copy.cli.not_pair, { arg, questions: QUESTION_IDS.map((q) => `${q}=${QUESTION_VALUES[q].join('|')}`).join(' ') }));
      return 2;
    }
    pairs[arg.slice(0, eq).trim()] = arg.slice(eq + 1).trim();
  }
  const checked = checkAnswers(pairs);
  if (!checked.ok) {
    write(io.stderr, fill(engine.catalogue.copy.cli.recommend_error, { problem: describeProblem(engine.catalogue.copy.cli, checked.problem) }));
    return 2;
  }
  const answers = checked.answers;
  const fnOption = engine.catalogue.interview.question.get('function')?.options.find((o) => o.value === pairs.function);
  const fnLabel = fnOption?.label ?? pairs.function ?? null;
  const fnValue = fnOption?.value;
  const r = recommend(engine.catalogue.interview, fnValue ? { ...answers, function: fnValue } : answers);
  if (markdown) {
    write(io.stdout, decisionBrief(engine.catalogue, { functionLabel: fnLabel, answers }, r).markdown.trimEnd());
    return 0;
  }
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
  const considered = r.considered.map(({ question, value, role, text: said }) => ({ question, value, role, text: said }));
  write(io.stdout, JSON.stringify({ recommendation: r.recommendation, runnerUp: r.runnerUp, challenges: r.challenges, reasons, considered, text, blocks }));
  return 0;
}

/** The decision interview, through the same runner as Slack: one terminal thread, kept in memory. */
async function interviewCommand(engine: Engine, io: Io): Promise<number> {
  const repo = memoryRepo();
  const interviews = createInterviews({ spec: engine.catalogue.interview, router: engine.router, repo, ttlMs: 24 * 3600_000 });
  const key = { team: 'terminal', channel: 'terminal', thread: 'terminal' };
  const terminal: ConversationIo = {
    async post(reply) {
      write(io.stdout, `\n${engine.render.text(reply)}`);
      return key.thread;
    },
    async tell(reply) {
      write(io.stdout, `\n${engine.render.text(reply)}`);
    },
  };
  write(io.stdout, engine.catalogue.copy.cli.interview_welcome);
  await interviews.start({ ...key, user: 'you', text: '' }, terminal);
  const rl = createInterface({ input: io.stdin, output: io.isTTY ? io.stdout : undefined, terminal: io.isTTY });
  if (io.isTTY) io.stdout.write('> ');
  for await (const line of rl) {
    if (line.trim()) await interviews.typed({ ...key, user: 'you', text: line }, terminal);
    if ((await repo.get(key))?.status !== 'active') break;
    if (io.isTTY) io.stdout.write('> ');
  }
  rl.close();
  return 0;
}

/** How many misses `sourcing gaps` reads at most. */
const GAPS_LIMIT = 1000;

/**
 * The knowledge-gap inbox, from the database the app uses (`DATABASE_URL`, or SQLite under `DATA_DIR`): each team's
 * most frequent unanswered and disliked questions of the last `--days` (7), or, with `--yaml`, every team's as
 * candidate training examples to review and paste into intents/ (the same question counted once, across teams).
 */
async function gapsCommand(args: string[], io: Io): Promise<number> {
  const catalogue = loadCatalogue();
  const copy = catalogue.copy.cli;
  let values: { yaml?: boolean; days?: string; team?: string };
  try {
    values = parseArgs({ args, options: { yaml: { type: 'boolean' }, days: { type: 'string' }, team: { type: 'string' } }, allowPositionals: false }).values;
  } catch (err) {
    write(io.stderr, fill(copy.gaps_usage, { problem: (err as Error).message }));
    return 2;
  }
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    write(io.stderr, fill(copy.gaps_usage, { problem: `--days ${values.days ?? ''}` }));
    return 2;
  }
  const config = parseStoreConfig(io.env === process.env ? readEnvironment() : io.env);
  let found: Gap[] = [];
  // No database yet (the app never ran here): nothing recorded, and nothing made just to read it.
  if (storeExists({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })) {
    const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await store.migrate();
      found = await store.topGaps({ ...(values.team ? { team: values.team } : {}), since: Date.now() - days * 86_400_000, limit: GAPS_LIMIT });
    } finally {
      await store.close();
    }
  }
  if (values.yaml) {
    write(io.stdout, gapsYaml(found, days, copy.gaps_yaml_intro));
    return 0;
  }
  if (found.length === 0) {
    write(io.stdout, fill(copy.gaps_none, { days }));
    return 0;
  }
  const line = (g: Gap) => `  ${fill(copy.gaps_line, { count: g.count, question: g.text || catalogue.copy.feedback.inbox_no_question, what: gapWhat(catalogue, g), confidence: g.confidence })}`;
  const out: string[] = [];
  for (const team of [...new Set(found.map((g) => g.team))]) {
    const mine = found.filter((g) => g.team === team);
    const unanswered = mine.filter((g) => g.kind !== 'disliked');
    const disliked = mine.filter((g) => g.kind === 'disliked');
    out.push(fill(copy.gaps_heading, { team, days }));
    if (unanswered.length) out.push(copy.gaps_unanswered, ...unanswered.map(line));
    if (disliked.length) out.push(copy.gaps_disliked, ...disliked.map(line));
    out.push('');
  }
  write(io.stdout, out.join('\n').trimEnd());
  return 0;
}

/** Misses as candidate training examples: one entry per question, however many teams asked it, most frequent first. */
export function gapsYaml(gaps: readonly Gap[], days: number, intro: Copy['cli']['gaps_yaml_intro']): string {
  const byQuestion = new Map<string, { example: string; got: string; why: string; times: number; confidence: number }>();
  for (const g of gaps) {
    if (!g.text) continue; // an answer opened with a button: there is no question to learn from
    const key = `${g.kind}\u0000${g.text}\u0000${g.intent}`;
    const seen = byQuestion.get(key);
    if (seen) {
      seen.confidence = Math.round(((seen.confidence * seen.times + g.confidence * g.count) / (seen.times + g.count)) * 1000) / 1000;
      seen.times += g.count;
    } else byQuestion.set(key, { example: g.text, got: g.intent, why: g.kind, times: g.count, confidence: g.confidence });
  }
  const candidates = [...byQuestion.values()].sort((a, b) => b.times - a.times || a.example.localeCompare(b.example));
  const header = fill(intro, { days })
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
  return `${header}\n${stringify({ candidates }, { lineWidth: 0 })}`;
}

/**
 * Validates the content (faithfulness and wording rules, src/knowledge/lint.ts) and every way each answer can be
 * rendered (first screen, the part a question asks for first, the whole answer, a modal, the Home tab) against
 * Slack's limits.
 */
function lint(io: Io): number {
  const catalogue = loadCatalogue();
  let problems = 0;
  const report = (where: string, list: readonly string[]) => {
    for (const p of list) write(io.stderr, `${where}: ${p}`);
    problems += list.length;
  };
  report('intents', lintContent(catalogue));
  for (const [id, intent] of catalogue.intents) {
    const focuses = [undefined, ...intent.answer.filter((s) => s.id !== undefined).map((s) => s.id), ...intent.replies.map((r) => r.id)];
    for (const visibility of ['private', 'public'] as const)
      for (const focus of focuses)
        for (const full of [false, true]) {
          const how = `${visibility}${focus ? `, ${focus} first` : ''}${full ? ', whole' : ''}`;
          const message = renderAnswer(catalogue, id, { visibility, sharedBy: 'U0000000000', question: 'x'.repeat(500), uncovered: catalogue.gaps[0]?.id, ...(focus ? { focus } : {}), full });
          report(`intents/topics/${id}.yml (${how})`, checkMessage(message));
        }
    for (const full of [false, true]) {
      const modal = renderAnswerModal(catalogue, id, { full });
      report(`intents/topics/${id}.yml (modal${full ? ', whole' : ''})`, checkMessage({ text: modal.title.text, blocks: modal.blocks }, LIMITS.blocksPerView));
    }
  }
  report('intents/home.yml (Home tab)', checkMessage({ text: catalogue.copy.home.title, blocks: renderHome(catalogue).blocks }, LIMITS.blocksPerView));
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
      case 'parse':
        return await parseCommand(createEngine(), io);
      case 'chat':
        return await chat(createEngine(), io);
      case 'lint':
        return lint(io);
      case 'recommend':
        return recommendCommand(createEngine(), rest, io);
      case 'gaps':
        return await gapsCommand(rest, io);
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
        write(io.stdout, loadCatalogue().copy.cli.usage);
        return 0;
      default: {
        const copy = loadCatalogue().copy.cli;
        write(io.stderr, `${fill(copy.unknown_command, { command })}\n\n${copy.usage}`);
        return 2;
      }
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
