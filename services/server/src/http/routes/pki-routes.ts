import type { FastifyInstance } from 'fastify';
import { caBundlePem, currentCrl, ensureCityCa, type Platform } from '@yizhan/core';

/** Public: anyone verifying a sealed document needs the city CA and its CRL. */
export function pkiRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    app.get('/pki/ca.pem', async (_req, reply) => {
      const ca = await ensureCityCa(platform.db, platform.masterKey);
      return reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="yizhan-city-ca.pem"').send(caBundlePem(ca));
    });
    app.get('/pki/crl.pem', async (_req, reply) => {
      return reply.type('application/x-pem-file').send(await currentCrl(platform.db, platform.masterKey));
    });
  };
}
