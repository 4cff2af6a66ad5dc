/**
 * Child process of `npm run bench`: the tests' fake Slack Web API on a loopback port, in its own process so
 * that neither the app under test nor the load generator shares an event loop with it.
 *
 * Protocol (over the IPC channel of `child_process.fork`):
 *   child → parent, once: `{ apiUrl, responseUrl }` when listening;
 *   parent → child: `'stats'`; child → parent: `{ counts }`, the number of calls per Web API method so far.
 * The fake records every call with its body; they are folded into counts every 200 ms and dropped, so a long
 * run does not grow this process without bound. It exits when the parent disconnects.
 */
import { FakeSlack } from '../testkit/fake-slack.js';

const fake = await new FakeSlack().start();
const counts: Record<string, number> = {};

function fold(): void {
  for (const call of fake.calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
  fake.reset();
}

setInterval(fold, 200).unref();

process.on('message', (message) => {
  if (message === 'stats') {
    fold();
    process.send?.({ counts });
  }
});

process.on('disconnect', () => {
  void fake.stop().finally(() => process.exit(0));
  // Keep-alive connections from the app can hold the server open: do not wait long for them.
  setTimeout(() => process.exit(0), 500).unref();
});

process.send?.({ apiUrl: fake.apiUrl, responseUrl: fake.responseUrl('bench') });
