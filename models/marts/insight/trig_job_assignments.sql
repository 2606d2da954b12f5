{#- One row per job episode with its arm: treated (actions sent), held_out (job holdout
    or global control: the timeline without actions) or reassigned (the share was
    edited while the episode ran, so it saw both; left out of comparisons). The shape
    the lift and funnel marts read; BI can list who was held out from here. -#}
with job_transitions as (
    select * from {{ ref('trig_transitions') }}
    where object_kind = 'job'
),

episodes as (
    select
        object_name as job_name,
        entity_type,
        entity_id,
        max(organisation_id) as organisation_id,
        episode_number,
        max(case when transition_type = 'entered' then occurred_at end) as entered_at,
        max(case when transition_type = 'completed' then occurred_at end) as completed_at,
        max(case when transition_type = 'exited' then occurred_at end) as exited_at,
        max(case when transition_type = 'follow_up_due' then step else 0 end) as follow_ups_due,
        {#- rows written before is_held_out existed read as treated -#}
        max(case when is_held_out then 1 else 0 end) as held_out_rows,
        min(case when is_held_out then 1 else 0 end) as held_out_all_rows
    from job_transitions
    group by object_name, entity_type, entity_id, episode_number
)

select
    {{ trig.trig_md5(['job_name', 'entity_type', 'entity_id', 'episode_number']) }} as episode_id,
    job_name,
    entity_type,
    entity_id,
    organisation_id,
    cast(episode_number as {{ dbt.type_bigint() }}) as episode_number,
    case
        when held_out_rows = 0 then 'treated'
        when held_out_all_rows = 1 then 'held_out'
        else 'reassigned'
    end as arm,
    case
        when completed_at is not null then 'completed'
        when exited_at is not null then 'exited'
        else 'active'
    end as status,
    entered_at,
    completed_at,
    exited_at,
    cast(follow_ups_due as {{ dbt.type_bigint() }}) as follow_ups_due
from episodes
