import { z } from 'zod';

/** Shapes shared by the workspace routes (queues, work items, customers, dashboard). */
export const queueId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/);
export const documentParams = z.object({ id: z.string().uuid() });

export const actorSchema = z.object({ id: z.string(), displayName: z.string() });

export const workItemSchema = z.object({
  documentId: z.string(),
  queueId: z.string(),
  status: z.enum(['open', 'claimed', 'closed']),
  assignee: actorSchema.nullable(),
  requestType: z.string().nullable(),
  requestTypeConfidence: z.number().nullable(),
  customerNumber: z.string().nullable(),
  matchStatus: z.string().nullable(),
  channel: z.string(),
  receivedAt: z.string(),
  dueAt: z.string().describe('last business day of the SLA, YYYY-MM-DD'),
  overdue: z.boolean(),
  senderName: z.string().nullable(),
  snippet: z.string(),
  pages: z.number(),
  documentStatus: z.string(),
  closedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});

export const workItemStateSchema = z.object({
  documentId: z.string(),
  queueId: z.string(),
  status: z.enum(['open', 'claimed', 'closed']),
  assignee: actorSchema.nullable(),
  dueDate: z.string(),
});

export const errorSchema = z.object({ code: z.string(), message: z.string() });
