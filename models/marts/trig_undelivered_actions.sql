{{ config(materialized='view') }}
{#- What is still to deliver: the actions of trig_pending_actions (every action ever
    decided, the runner's input) that have no final outcome in the runner's ledger yet,
    either never attempted, claimed by a runner right now, or deferred by quiet hours
    (the runner's ledger holds when: not_before). For people and BI only: the
    runner itself keeps reading trig_pending_actions (docs/contracts/diff_tables.md). -#}
select
    p.action_id,
    p.object_name,
    p.object_kind,
    p.entity_type,
    p.entity_id,
    p.organisation_id,
    p.person_id,
    p.transition_type,
    p.step,
    p.action_type,
    p.recipient,
    p.occurred_at,
    p.evaluated_at,
    p.is_shadow,
    case
        when l.action_id is null then 'not_attempted'
        when l.status = 'deferred' then 'deferred'
        else 'in_flight'
    end as delivery_state
from {{ ref('trig_pending_actions') }} as p
left join {{ source('trig_runner', 'trig_delivery_ledger') }} as l on l.action_id = p.action_id
where l.action_id is null or l.status in ('claimed', 'deferred')
