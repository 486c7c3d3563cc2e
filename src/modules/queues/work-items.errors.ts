import { createError } from '../shared/errors.ts';

export const workItemErrors = {
  notFound: (documentId: string) => createError({ code: 'work_items.not_found', message: `document ${documentId} is in no queue`, statusCode: 404 }),
  closed: () => createError({ code: 'work_items.closed', message: 'the document is already closed', statusCode: 409 }),
  notClosed: () => createError({ code: 'work_items.not_closed', message: 'only a closed document can be reopened', statusCode: 409 }),
  notClaimed: () => createError({ code: 'work_items.not_claimed', message: 'the document is not claimed', statusCode: 409 }),
  claimedByOther: (name: string | null) => createError({ code: 'work_items.claimed_by_other', message: `the document is being worked on by ${name ?? 'someone else'}`, statusCode: 409 }),
  sameQueue: () => createError({ code: 'work_items.same_queue', message: 'the document is already in this queue', statusCode: 409 }),
  assignOthers: () => createError({ code: 'work_items.assign_forbidden', message: 'agents may assign documents only to themselves', statusCode: 403 }),
  assigneeNotFound: (userId: string) => createError({ code: 'users.not_found', message: `no active user ${userId} who can work documents`, statusCode: 404 }),
  missingParameter: (name: string) => createError({ code: 'request.invalid', message: `${name} is required for this action`, statusCode: 400 }),
};
