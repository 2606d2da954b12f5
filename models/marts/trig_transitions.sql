{{ config(materialized='incremental', on_schema_change='fail', pre_hook="{{ trig.trig_planner_hints() }}", post_hook="{{ trig.trig_reset_planner_hints() }}") }}
/* depends_on: {{ ref('int_trig__organisation_attributes') }} */
/* depends_on: {{ ref('int_trig__person_attributes') }} */
/* depends_on: {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
/* depends_on: {{ ref('int_trig__objects') }} {{ ref('int_trig__object_status') }} */
/* depends_on: {{ ref('int_trig__event_progress') }} */
/* depends_on: {{ source('trig_runner', 'trig_routes') }} */
{#- The append-only transition log: one evaluation at time T. Every object is
    evaluated against the state its own earlier rows describe (read from this table)
    and the inputs as of T. See docs/decisions/001-evaluation-design.md. -#}
{%- set t = trig.trig_t() -%}
{%- set repeat = trig.trig_evaluation_is_repeat() -%}
{%- set plan = trig.trig_evaluation_plan() -%}

with
{%- if not repeat and plan.units | length > 0 %}
events as (
    select * from {{ trig.trig_events_with_organisation() }} as all_events
    where occurred_at <= {{ t }}
    {%- if plan.events_from %}
        and occurred_at > {{ trig.trig_timestamp_literal(plan.events_from) }}
    {%- endif %}
),
{#- new episodes start after the previous evaluation: their counts read only this -#}
recent_events as (
    select * from events
    where occurred_at > {{ trig.trig_timestamp_literal(trig.trig_new_episode_scan_from()) }}
),
organisation_attrs as (
    select * from {{ ref('int_trig__organisation_attributes') }}
),
person_attrs as (
    select * from {{ ref('int_trig__person_attributes') }}
),
event_progress as (
    select * from {{ ref('int_trig__event_progress') }}
),
objects_live as (
    {{ trig.trig_objects_live_sql() }}
),
runner_routes as (
    select entity_type, entity_id, target_object, occurred_at
    from {{ source('trig_runner', 'trig_routes') }}
    where occurred_at <= {{ t }}
        and occurred_at > {{ dbt.dateadd('day', -(var('trig_route_max_age_days', 7) | int), t) }}
),
{{ trig.trig_previous_state_ctes(this if is_incremental() else none) }}
{{ trig.trig_evaluation_ctes(plan, t) }}
{%- endif %}
all_transitions as (
    select
        cast(null as {{ dbt.type_string() }}) as object_name,
        cast(null as {{ dbt.type_string() }}) as object_kind,
        cast(null as {{ dbt.type_string() }}) as parent_object_name,
        cast(null as {{ dbt.type_string() }}) as entity_type,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_string() }}) as organisation_id,
        cast(null as {{ dbt.type_int() }}) as episode_number,
        cast(null as {{ dbt.type_string() }}) as transition_type,
        cast(null as {{ dbt.type_int() }}) as step,
        cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(null as {{ dbt.type_string() }}) as cause
    where 1 = 0
    {%- if not repeat %}
    {%- for part in plan.transition_ctes %}
    union all
    select '{{ part.name }}', '{{ part.kind }}', {{ trig.trig_literal(part.parent) }}, '{{ part.entity }}',
        entity_id, organisation_id, episode_number, transition_type, step, occurred_at, cause
    from {{ part.cte }}
    {%- endfor %}
    {%- endif %}
)

select
    {{ trig.trig_md5(['object_name', 'entity_type', 'entity_id', 'episode_number', 'transition_type', 'step']) }} as transition_id,
    object_name,
    object_kind,
    parent_object_name,
    entity_type,
    entity_id,
    organisation_id,
    episode_number,
    transition_type,
    step,
    occurred_at,
    {{ t }} as evaluated_at,
    cause,
    {{ trig.trig_is_held_out_sql() }} as is_held_out
from all_transitions
