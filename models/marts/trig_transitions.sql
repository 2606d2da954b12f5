{{ config(
    materialized='incremental',
    on_schema_change='fail',
    pre_hook=["{{ trig.trig_planner_hints() }}", "{{ trig.trig_evaluate() }}"],
    post_hook=["{{ trig.trig_finish_evaluation() }}", "{{ trig.trig_reset_planner_hints() }}"]
) }}
/* depends_on: {{ ref('int_trig__organisation_attributes') }} */
/* depends_on: {{ ref('int_trig__person_attributes') }} */
/* depends_on: {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
/* depends_on: {{ ref('int_trig__objects') }} {{ ref('int_trig__object_status') }} */
/* depends_on: {{ ref('int_trig__event_progress') }} */
/* depends_on: {{ source('trig_runner', 'trig_routes') }} */
{#- The append-only transition log: one evaluation at time T. The pre-hook
    (trig.trig_evaluate) evaluates every object, batch by batch, against the engine's
    state table and the inputs as of T, into a pending table; this model appends those
    rows to the log. See docs/decisions/001-evaluation-design.md and 008-state-tables.md. -#}

select
    transition_id, object_name, object_kind, parent_object_name, entity_type, entity_id,
    organisation_id, episode_number, transition_type, step, occurred_at, evaluated_at,
    cause, is_held_out
from {{ trig.trig_engine_relation('trig_transitions__pending') }}
