{#- One row per job episode with its arm: treated (actions sent), held_out (job holdout
    or global control: the timeline without actions) or reassigned (the share was
    edited while the episode ran, so it saw both; left out of comparisons). The shape
    the lift, funnel and completion-timing marts read. -#}
with episodes as (
    select * from {{ ref('trig_episodes') }}
    where object_kind = 'job'
),

{#- each job episode's arm, kept in the engine's state from its transitions (ADR 018) -#}
arms as (
    select episode_id, held_out_any, held_out_all
    from {{ trig.trig_engine_relation('trig_episode_state') }}
    where object_kind = 'job'
)

select
    e.episode_id,
    e.object_name as job_name,
    e.entity_type,
    e.entity_id,
    e.organisation_id,
    cast(e.episode_number as {{ dbt.type_bigint() }}) as episode_number,
    {{ trig.trig_job_arm_sql('a') }} as arm,
    e.status,
    e.entered_at,
    e.completed_at,
    e.exited_at,
    e.exit_cause,
    cast(e.follow_ups_due as {{ dbt.type_bigint() }}) as follow_ups_due
from episodes as e
inner join arms as a on a.episode_id = e.episode_id
