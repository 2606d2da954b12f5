{#- One row per job episode with its arm: treated (actions sent), held_out (job holdout
    or global control: the timeline without actions) or reassigned (the share was
    edited while the episode ran, so it saw both; left out of comparisons). The shape
    the lift, funnel and completion-timing marts read. -#}
with episodes as (
    select * from {{ ref('trig_episodes') }}
    where object_kind = 'job'
),

{#- rows written before is_held_out existed read as treated -#}
arms as (
    select
        object_name,
        entity_type,
        entity_id,
        episode_number,
        max(case when is_held_out then 1 else 0 end) as held_out_rows,
        min(case when is_held_out then 1 else 0 end) as held_out_all_rows
    from {{ ref('trig_transitions') }}
    where object_kind = 'job'
    group by object_name, entity_type, entity_id, episode_number
)

select
    e.episode_id,
    e.object_name as job_name,
    e.entity_type,
    e.entity_id,
    e.organisation_id,
    cast(e.episode_number as {{ dbt.type_bigint() }}) as episode_number,
    case
        when a.held_out_rows = 0 then 'treated'
        when a.held_out_all_rows = 1 then 'held_out'
        else 'reassigned'
    end as arm,
    e.status,
    e.entered_at,
    e.completed_at,
    e.exited_at,
    e.exit_cause,
    cast(e.follow_ups_due as {{ dbt.type_bigint() }}) as follow_ups_due
from episodes as e
inner join arms as a
    on a.object_name = e.object_name and a.entity_type = e.entity_type
    and a.entity_id = e.entity_id and a.episode_number = e.episode_number
