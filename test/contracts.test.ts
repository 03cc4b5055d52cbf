import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderSource } from '../src/templates/folder.js';
import { REPO } from './helpers/cli.js';
import { asServiceRole, failure, migrationSources, supabaseDb } from './helpers/pglite.js';

/**
 * A stack's contract (stack.json "contract") is rendered into the contract.json its Edge Function
 * imports and into the agents' text. What the function allows must also be what the database allows:
 * a move the function accepts and a trigger refuses would be a 500 for the user.
 */

async function contractOf(stackId: string): Promise<Record<string, unknown>> {
  const source = await folderSource(join(REPO, 'templates'));
  const stack = source.registry.stacks.find((s) => s.id === stackId)!;
  return stack.contract ?? {};
}

describe('vue-crm: crm-business-logic and the opportunities table agree', () => {
  let db: PGlite;
  let crm: { stages: string[]; transitions: Record<string, string[]> };
  beforeAll(async () => {
    crm = (await contractOf('vue-crm')).crm as typeof crm;
    db = await supabaseDb(await migrationSources('vue-crm'));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("the contract's stages are the ones opportunities.stage accepts", async () => {
    const { rows } = await db.query<{ def: string }>(
      `select pg_get_constraintdef(c.oid) as def from pg_constraint c
       where c.conrelid = 'public.opportunities'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%stage%'`,
    );
    expect(rows).toHaveLength(1);
    const accepted = [...rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]);
    expect(accepted.sort()).toEqual([...crm.stages].sort());
    expect(Object.keys(crm.transitions).sort()).toEqual([...crm.stages].sort());
  });

  it('every move the function allows, the guard_opportunity_stage trigger allows too', async () => {
    const org = '0a000000-0000-4000-8000-000000000001';
    const moves = Object.entries(crm.transitions).flatMap(([from, tos]) => tos.map((to) => [from, to] as const));
    expect(moves.length).toBeGreaterThan(0);
    for (const [from, to] of moves) {
      const problem = await asServiceRole(db, async () => {
        const { rows } = await db.query<{ id: string }>(
          `insert into public.opportunities (organization_id, title, stage, amount) values ($1, 'Deal', $2, 1000) returning id`,
          [org, from],
        );
        return failure(db, 'update public.opportunities set stage = $1 where id = $2', [to, rows[0]!.id]);
      });
      expect(problem?.message ?? null, `${from} -> ${to}`).toBeNull();
    }
  });

  it('the check can fail: the trigger refuses a move back', async () => {
    const org = '0a000000-0000-4000-8000-000000000001';
    const problem = await asServiceRole(db, async () => {
      const { rows } = await db.query<{ id: string }>(
        `insert into public.opportunities (organization_id, title, stage) values ($1, 'Deal', 'qualified') returning id`,
        [org],
      );
      return failure(db, `update public.opportunities set stage = 'lead' where id = $1`, [rows[0]!.id]);
    });
    expect(problem?.message).toMatch(/cannot move/);
  });
});

describe('astro-ims: notify-installer and the Realtime policy agree', () => {
  it('the private topic the function broadcasts on is the one the policy on realtime.messages lets installers read', async () => {
    const notify = (await contractOf('astro-ims')).notify as { topicPrefix: string };
    const sources = await migrationSources('astro-ims');
    const sql = sources.map((s) => s.sql).join('\n');
    expect(sql).toContain(`realtime.topic()) = '${notify.topicPrefix}' ||`);
    const handler = readFileSync(join(REPO, 'templates/stacks/astro-ims/supabase/functions/notify-installer/index.ts'), 'utf8');
    expect(handler).toContain('NOTIFY.topicPrefix');
  });
});

describe('react-chat: send-message and the messages table agree on the delivery statuses', () => {
  let db: PGlite;
  let statuses: string[];
  beforeAll(async () => {
    statuses = ((await contractOf('react-chat')).send as { statuses: string[] }).statuses;
    db = await supabaseDb(await migrationSources('react-chat'));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("the contract's statuses are the ones messages.delivery_status accepts", async () => {
    const { rows } = await db.query<{ def: string }>(
      `select pg_get_constraintdef(c.oid) as def from pg_constraint c
       where c.conrelid = 'public.messages'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%delivery_status%''%'`,
    );
    expect(rows).toHaveLength(1);
    expect([...rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1])).toEqual(statuses);
  });

  it('each status, in the order the contract lists them, follows the one before it', async () => {
    const seen: string[] = [];
    await asServiceRole(db, async () => {
      const { rows } = await db.query<{ id: string }>(
        `insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
         values ('0a000000-0000-4000-8000-000000000001', '0d000000-0000-4000-8000-000000000001', 'whatsapp', 'outbound', 'x', $1)
         returning id`,
        [statuses[0]],
      );
      // failed ends the list: it is reached from any status but read, so walk the others first.
      for (const status of statuses.filter((s) => s !== 'failed')) {
        await db.query('update public.messages set delivery_status = $1 where id = $2', [status, rows[0]!.id]);
        const { rows: now } = await db.query<{ s: string }>('select delivery_status as s from public.messages where id = $1', [rows[0]!.id]);
        seen.push(now[0]!.s);
      }
    });
    expect(seen).toEqual(statuses.filter((s) => s !== 'failed'));
    expect(statuses.at(-1)).toBe('failed');
  });
});
