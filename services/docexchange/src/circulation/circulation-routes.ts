/** REST edge of circulation (传阅): validate, know the caller, call one use case. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientIp, parse, principal } from '@yizhan/core';
import {
  AddRouteStepSchema,
  CirculationListQuerySchema,
  CloseCirculationSchema,
  MarkHandledSchema,
  SaveLayerDraftSchema,
  StartCirculationSchema,
  SubmitLayerSchema,
  TransferTaskSchema,
} from '@yizhan/protocol';
import type { DocContext } from '../context';
import { loadCirculation } from './access';
import { circulationDetail } from './circulation-view';
import { listCirculations } from './list-circulations';
import { startCirculation } from './start-circulation';
import { openTask } from './open-task';
import { saveDraft } from './save-draft';
import { submitLayer } from './submit-layer';
import { transferTask } from './transfer-task';
import { addStep } from './add-step';
import { skipStep } from './skip-step';
import { recallStep } from './recall-step';
import { resumeStep } from './resume-step';
import { remindStep } from './remind-step';
import { closeCirculation } from './close-circulation';
import { markHandled } from './mark-handled';
import { produceAnnotatedCopy } from './produce-annotated-copy';
import { readCirculationFile, type CirculationFile } from './read-circulation-file';
import { checkLayerLimits } from './layer-limits';

type Id = { Params: { id: string } };
type StepId = { Params: { id: string; stepId: string } };

/** Room for a layer a little over its limit, so the use case can say how much too big it is. */
const LAYER_BODY_LIMIT = 8 * 1024 * 1024;

export function circulationRoutes(ctx: DocContext) {
  return async (app: FastifyInstance) => {
    const detail = async (req: FastifyRequest, id: string, ip: string) => {
      const p = principal(req);
      return circulationDetail(ctx, p, await loadCirculation(ctx, p, id, 'view', ip));
    };

    async function sendFile(reply: FastifyReply, file: CirculationFile, ifNoneMatch: string | undefined) {
      const etag = `"${file.sha256}"`;
      void reply.header('etag', etag).header('cache-control', 'private, max-age=86400').header('x-content-sha256', file.sha256);
      if (ifNoneMatch === etag) return reply.status(304).send();
      const stat = await ctx.platform.blobs.stat(file.sha256);
      if (stat) void reply.header('content-length', stat.size);
      return reply
        .type(file.mediaType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(await ctx.platform.blobs.get(file.sha256));
    }

    app.get('/circulations', async (req) => listCirculations(ctx, principal(req), parse(CirculationListQuerySchema, req.query)));

    app.post('/circulations', async (req, reply) => {
      const id = await startCirculation(ctx, principal(req), parse(StartCirculationSchema, req.body), clientIp(req));
      return reply.status(201).send(await detail(req, id, clientIp(req)));
    });

    app.get<Id>('/circulations/:id', async (req) => detail(req, req.params.id, clientIp(req)));

    app.get<Id>('/circulations/:id/document.pdf', async (req, reply) =>
      sendFile(reply, await readCirculationFile(ctx, principal(req), req.params.id, { kind: 'original' }, clientIp(req)), req.headers['if-none-match']),
    );
    app.get<Id>('/circulations/:id/annotated.pdf', async (req, reply) =>
      sendFile(reply, await readCirculationFile(ctx, principal(req), req.params.id, { kind: 'annotated' }, clientIp(req)), req.headers['if-none-match']),
    );
    app.get<{ Params: { id: string; taskId: string } }>('/circulations/:id/instructions/:taskId', async (req, reply) =>
      sendFile(
        reply,
        await readCirculationFile(ctx, principal(req), req.params.id, { kind: 'instruction', taskId: req.params.taskId }, clientIp(req)),
        req.headers['if-none-match'],
      ),
    );

    app.post<Id>('/circulations/:id/annotated-copy', async (req, reply) =>
      reply.status(201).send(await produceAnnotatedCopy(ctx, principal(req), req.params.id, clientIp(req))),
    );

    app.post<Id>('/circulations/:id/open', async (req) => {
      await openTask(ctx, principal(req), req.params.id, clientIp(req));
      return { ok: true };
    });

    app.post<Id>('/circulations/:id/draft', { bodyLimit: LAYER_BODY_LIMIT }, async (req) => {
      checkLayerLimits(req.body, req.headers['content-length']);
      return saveDraft(ctx, principal(req), req.params.id, parse(SaveLayerDraftSchema, req.body), clientIp(req));
    });

    app.post<Id>('/circulations/:id/submit', { bodyLimit: LAYER_BODY_LIMIT }, async (req) => {
      checkLayerLimits(req.body, req.headers['content-length']);
      return submitLayer(ctx, principal(req), req.params.id, parse(SubmitLayerSchema, req.body), clientIp(req));
    });

    app.post<Id>('/circulations/:id/transfer', async (req) => {
      const body = parse(TransferTaskSchema, req.body);
      await transferTask(ctx, principal(req), req.params.id, body.to, body.note, clientIp(req));
      return detail(req, req.params.id, clientIp(req));
    });

    app.post<Id>('/circulations/:id/steps', async (req, reply) => {
      await addStep(ctx, principal(req), req.params.id, parse(AddRouteStepSchema, req.body), clientIp(req));
      return reply.status(201).send(await detail(req, req.params.id, clientIp(req)));
    });

    const stepAction = (name: string, run: typeof skipStep) =>
      app.post<StepId>(`/circulations/:id/steps/:stepId/${name}`, async (req) => {
        await run(ctx, principal(req), req.params.id, req.params.stepId, clientIp(req));
        return detail(req, req.params.id, clientIp(req));
      });
    stepAction('skip', skipStep);
    stepAction('recall', recallStep);
    stepAction('resume', resumeStep);
    stepAction('remind', async (...args) => void (await remindStep(...args)));

    app.post<Id>('/circulations/:id/close', async (req) => {
      await closeCirculation(ctx, principal(req), req.params.id, parse(CloseCirculationSchema, req.body), clientIp(req));
      return detail(req, req.params.id, clientIp(req));
    });

    app.post<Id>('/circulations/:id/handled', async (req) => {
      await markHandled(ctx, principal(req), req.params.id, parse(MarkHandledSchema, req.body).note, clientIp(req));
      return detail(req, req.params.id, clientIp(req));
    });
  };
}
