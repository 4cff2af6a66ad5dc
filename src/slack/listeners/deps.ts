/** What every listener is given. */
import type { Engine } from '../../engine.js';
import type { Logger } from '../../log/index.js';
import type { Store } from '../../store/index.js';
import type { Interviews } from '../../conversation/interviews.js';
import type { Threads } from '../../conversation/threads.js';
import type { Feedback } from '../../conversation/feedback.js';
import type { CanManage } from '../managers.js';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';

/** What an event listener receives: any event (each listener reads the fields it uses through payloads.ts). */
export type EventArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs;

export interface ListenerDeps {
  readonly engine: Engine;
  readonly logger: Logger;
  readonly store: Store;
  readonly interviews: Interviews;
  readonly threads: Threads;
  /** Records misses for the knowledge-gap inbox. */
  readonly feedback: Feedback;
  /** Whether someone can manage the app (and so sees the knowledge-gap inbox). */
  readonly managers: CanManage;
  /** Delivers what saved changes must show (kicked once a change is saved). */
  readonly deliveries: { kick(): void };
}
