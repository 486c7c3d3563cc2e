import { sql, type Kysely } from 'kysely';

/**
 * Open work items per queue and due date, kept by a trigger: queue counts
 * (open, overdue, due today) and an inbox's total are sums over a few hundred
 * rows instead of counting 100 000 index entries on every request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table work_item_counts (
      tenant_id text not null,
      queue_id text not null,
      due_date date not null,
      open_count integer not null default 0,
      primary key (tenant_id, queue_id, due_date)
    )`.execute(db);
  await sql`
    create or replace function pst_work_item_counts() returns trigger
    language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.status <> 'closed' then
        update work_item_counts set open_count = open_count - 1
        where tenant_id = old.tenant_id and queue_id = old.queue_id and due_date = old.due_date;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status <> 'closed' then
        insert into work_item_counts (tenant_id, queue_id, due_date, open_count)
        values (new.tenant_id, new.queue_id, new.due_date, 1)
        on conflict (tenant_id, queue_id, due_date) do update set open_count = work_item_counts.open_count + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger work_items_counts after insert or delete or update of status, queue_id, due_date, tenant_id on work_items
    for each row execute function pst_work_item_counts()`.execute(db);
  await sql`
    insert into work_item_counts (tenant_id, queue_id, due_date, open_count)
    select tenant_id, queue_id, due_date, count(*) from work_items where status <> 'closed' group by tenant_id, queue_id, due_date`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists work_items_counts on work_items`.execute(db);
  await sql`drop function if exists pst_work_item_counts()`.execute(db);
  await sql`drop table if exists work_item_counts`.execute(db);
}
