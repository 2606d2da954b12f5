{{ config(materialized='trig_view') }}
/* depends_on: {{ ref('trig_transitions') }} */
{#- The generated lifecycle attributes, long: one row per object (stage, objective,
    behaviour, job) and entity that was ever in it. trig_person_attributes and
    trig_organisation_attributes show the same values as columns. -#}
select
    object_name,
    object_kind,
    entity_type,
    entity_id,
    organisation_id,
    is_open as currently_member,
    last_entered_at as last_entry_at,
    last_exited_at as last_exit_at,
    last_completed_at as last_completion_at
from {{ trig.trig_engine_relation('trig_episode_state') }}
where is_latest and object_kind <> 'signal'
