{#- The transitions of one batch of evaluation units at T, as the log's rows (no units:
    an empty, typed result), reading events from `event_slice` when given. Objects of earlier batches are read from the state table,
    already updated by this evaluation; see docs/decisions/001-evaluation-design.md and
    008-state-tables.md. -#}
{% macro trig_transitions_batch_sql(plan, units, t, event_slice=none) -%}
  {%- set unit_names = units | map(attribute='name') | list -%}
  {%- set parts = plan.transition_ctes | selectattr('unit', 'in', unit_names) | list -%}
  {%- set events_from = trig.trig_events_lower_bound(trig.trig_batch_compiled(plan, units)) if units else none -%}
with
{%- if units %}
events as (
    select * from {{ event_slice if event_slice is not none else trig.trig_events_with_organisation() }} as all_events
    where occurred_at <= {{ t }}
    {%- if events_from %}
        and occurred_at > {{ trig.trig_timestamp_literal(events_from) }}
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
{#- inlined on PostgreSQL: each condition then reads its own rows through the leaf_key
    index instead of scanning a materialised copy of every count (ADR 016) -#}
event_progress as {{ trig.trig_inline_cte() }} (
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
{{ trig.trig_previous_state_ctes(trig.trig_batch_object_names(parts, units)) }}
{{ trig.trig_evaluation_ctes(plan, units, t) }}
{%- endif %}
all_transitions as (
    {{ trig.trig_empty_transitions_sql() }}
    {%- for part in parts %}
    union all
    select '{{ part.name }}', '{{ part.kind }}', {{ trig.trig_literal(part.parent) }}, '{{ part.entity }}',
        entity_id, organisation_id, episode_number, transition_type, step, occurred_at, cause
    from {{ part.cte }}
    {%- endfor %}
)

{{ trig.trig_log_rows_sql('all_transitions', t) }}
{%- endmacro %}

{#- Every object whose state a batch reads: its objects and Signals (`parts`, the
    batch's transition CTEs) and the objects their criteria reference (`unit.refs`). -#}
{% macro trig_batch_object_names(parts, units) -%}
  {%- set names = parts | map(attribute='name') | list -%}
  {%- for unit in units -%}
    {%- for r in unit.refs if r not in names -%}{%- do names.append(r) -%}{%- endfor -%}
  {%- endfor -%}
  {{ return(names | sort) }}
{%- endmacro %}
