/** Liveness and readiness, for load balancers and orchestrators: no token, no detail that helps an attacker. */
import type { Route } from '../../http/route.ts';

export const healthRoutes: Route[] = [
  {
    method: 'get',
    path: '/healthz',
    face: 'plain',
    access: { public: true },
    summary: 'The process is up',
    tags: ['health'],
    async handle() {
      return { body: { status: 'UP' } };
    },
  },
  {
    method: 'get',
    path: '/readyz',
    face: 'plain',
    access: { public: true },
    summary: 'The store answers and the job executor runs',
    tags: ['health'],
    async handle({ services }) {
      let store = true;
      try {
        await services.motcua.store.nextDueAt();
      } catch {
        store = false;
      }
      const jobs = services.jobs?.running() ?? false;
      const ready = store && (jobs || !services.settings.jobs);
      return { status: ready ? 200 : 503, body: { status: ready ? 'UP' : 'DOWN', checks: { store: store ? 'UP' : 'DOWN', jobs: jobs ? 'UP' : services.settings.jobs ? 'DOWN' : 'OFF' } } };
    },
  },
];
