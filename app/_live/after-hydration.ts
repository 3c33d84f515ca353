/**
 * Work that a page needs soon but not during hydration: starting its live subscriptions and
 * opening the socket. Each job runs in its own task once the page has loaded, so none lengthens
 * the tasks that hydrate the page (on a phone those were the event page's longest: Apollo's
 * subscription set-up ran inside React's effects, about 100 ms at Lighthouse's 4x CPU; issue 18).
 *
 * Jobs run in the order queued. A job queued with `whenSettled` waits until no other job is
 * pending, including jobs queued while the queue drains: the socket connects only after the
 * subscriptions the page mounted with are registered, so the first connection starts them all
 * before the islands re-read what they show (use-resync.ts), and no push can fall between the two.
 */
type Job = () => void;

const jobs: Job[] = [];
const settled: Job[] = [];
let scheduled = false;

function drain(): void {
  const job = jobs.shift() ?? settled.shift();
  if (job) {
    try {
      job();
    } catch (error) {
      // One failing job must not hold back the others; the browser reports it as it would an
      // uncaught error (the console, window's error event).
      reportError(error);
    }
  }
  if (jobs.length > 0 || settled.length > 0) setTimeout(drain, 0);
  else scheduled = false;
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  if (document.readyState === 'complete') setTimeout(drain, 0);
  else window.addEventListener('load', () => setTimeout(drain, 0), { once: true });
}

/** Runs `job` in a task of its own after the page has loaded; the returned function cancels it if it has not run. */
export function afterHydration(job: Job): () => void {
  jobs.push(job);
  schedule();
  return () => {
    const at = jobs.indexOf(job);
    if (at >= 0) jobs.splice(at, 1);
  };
}

/** Runs `job` after the page has loaded and every job queued before it ran (see above). */
export function whenSettled(job: Job): void {
  settled.push(job);
  schedule();
}
