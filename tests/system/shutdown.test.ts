/**
 * Shutdown under load, on the real process: SIGTERM while requests keep coming. /readyz turns 503 at once, every
 * request sent during the grace period is answered, the process exits 0, and a question it could not deliver
 * (Slack took the post and never answered) is delivered exactly once by the next process on the same database.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack, type RecordedCall } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, USER, actionBody, commandBody, send } from '../../testkit/slack-requests.js';
import { BUILT_APP, startAppProcess, type AppProcess } from '../../testkit/process.js';
import { buttonOf, isQuestion, questionAsked } from '../../testkit/blocks.js';

const built = existsSync(BUILT_APP);
if (!built) console.warn('shutdown test skipped: dist/ is not built (npm run build)');

const GRACE_MS = 1500;
const running: AppProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.stop('SIGKILL')));
});

/** `sourcing start` on the data dir, with the grace period this test uses. */
async function startProcess(fake: FakeSlack, dataDir: string): Promise<AppProcess> {
  const app = await startAppProcess({ apiUrl: fake.apiUrl, cwd: dataDir, env: { DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: String(GRACE_MS) } });
  running.push(app);
  return app;
}

const isPostedQuestion = (c: RecordedCall) => c.method === 'chat.postMessage' && isQuestion(c);

describe.skipIf(!built)('SIGTERM under load', () => {
  it('turns not ready at once, answers every request sent during the grace period, exits 0, and leaves nothing undelivered', { timeout: 60_000 }, async () => {
    const fake = await new FakeSlack().start();
    const dataDir = mkdtempSync(join(tmpdir(), 'sourcing-shutdown-'));
    try {
      const a = await startProcess(fake, dataDir);
      await send(a.url, commandBody('decide payroll', fake.responseUrl('start')), FORM);
      const first = await fake.waitFor((c) => isPostedQuestion(c) && questionAsked(c) === 'core');

      // Questions arrive steadily; SIGTERM comes in the middle of them.
      const answers: Array<Promise<{ status: number; text: string }>> = [];
      const ask = (i: number) =>
        send(a.url, commandBody(`what is offshoring ${i}`, fake.responseUrl(`q${i}`)), FORM).then(
          (r) => ({ status: r.status, text: r.text }),
          (err: unknown) => ({ status: 0, text: String(err) }),
        );
      for (let i = 0; i < 10; i++) answers.push(ask(i));
      a.child.kill('SIGTERM');
      const signalled = Date.now();
      // The signal reaches the process on its own time: ask until it says not ready, for at most a second.
      let ready = 200;
      while (ready !== 503 && Date.now() - signalled < 1000) ready = (await fetch(`${a.url}/readyz`)).status;
      expect(ready).toBe(503);
      expect(Date.now() - signalled).toBeLessThan(1000);

      // During the grace period: more questions, and a click whose next question Slack takes and never answers.
      fake.hangNext('chat.postMessage');
      const button = buttonOf(first, 'iv_answer:non-core');
      const ts = first.reply!.ts as string;
      const click = await send(
        a.url,
        actionBody(
          { action_id: button.action_id, value: button.value! },
          {
            user: { id: USER, username: 'u', name: 'u', team_id: 'T0001' },
            response_url: fake.responseUrl('click'),
            container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: first.body.thread_ts },
            message: { type: 'message', ts, thread_ts: first.body.thread_ts, text: first.body.text },
          },
        ),
        FORM,
      );
      expect(click.status).toBe(200);
      for (let i = 10; i < 40; i++) {
        answers.push(ask(i));
        if (Date.now() - signalled > GRACE_MS - 400) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const got = await Promise.all(answers);
      expect(got.filter((g) => g.status !== 200)).toEqual([]);
      expect(got.every((g) => /offshoring/i.test(g.text))).toBe(true);
      expect(got.length).toBeGreaterThan(20);

      expect(await a.exited).toBe(0);
      expect(a.output()).toContain('not ready; still taking requests');
      // The question Slack never answered is still to be delivered.
      expect(fake.calls.filter(isPostedQuestion).map(questionAsked)).toEqual(['core']);

      // The next process on the same database delivers it, once.
      const b = await startProcess(fake, dataDir);
      const budget = await fake.waitFor((c) => isPostedQuestion(c) && questionAsked(c) === 'budget', 15_000);
      expect(budget.body.thread_ts).toBe(first.body.thread_ts);
      b.child.kill('SIGINT');
      expect(await b.exited).toBe(0);
      expect(fake.calls.filter(isPostedQuestion).map(questionAsked)).toEqual(['core', 'budget']);
    } finally {
      await fake.stop();
    }
  });
});
