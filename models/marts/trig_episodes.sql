{{ config(materialized='trig_view') }}
/* depends_on: {{ ref('trig_transitions') }} */
{#- One row per object, entity and episode (Signals excluded): the shape BI tools and
    the audience views read. A view of the engine's state table, which each evaluation
    updates in place (docs/decisions/008-state-tables.md). -#}
select
    episode_id,
    object_name,
    object_kind,
    parent_object_name,
    entity_type,
    entity_id,
    organisation_id,
    episode_number,
    entered_at,
    completed_at,
    exited_at,
    exit_cause,
    last_step as follow_ups_due,
    case
        when completed_at is not null then 'completed'
        when exited_at is not null then 'exited'
        else 'active'
    end as status
from {{ trig.trig_engine_relation('trig_episode_state') }}
where object_kind <> 'signal'
