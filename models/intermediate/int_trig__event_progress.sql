{{ config(materialized='incremental', unique_key='progress_key', incremental_strategy=trig.trig_upsert_strategy(), pre_hook=["{{ trig.trig_planner_hints() }}", "{{ trig.trig_sync_episode_state(adapter.get_relation(database=this.database, schema=this.schema, identifier='trig_transitions')) }}"], post_hook="{{ trig.trig_reset_planner_hints() }}") }}
{#- Running counts of the events each condition needs, per entity and anchor, so an
    evaluation reads only the events since the last one. A row is recounted from its
    anchor only when the anchor moved (an episode ended or began), which only reaches
    back to that moment. Read by trig_transitions; see docs/decisions/004-event-progress.md. -#}
/* depends_on: {{ ref('int_trig__organisation_attributes') }} {{ ref('int_trig__person_attributes') }} {{ ref('int_trig__objects') }} {{ ref('int_trig__object_status') }} {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
{%- set t = trig.trig_t() -%}
{%- set plan = trig.trig_evaluation_plan() -%}
{%- set leaves = trig.trig_progress_leaves(plan) if execute else [] -%}
{%- set log = adapter.get_relation(database=this.database, schema=this.schema, identifier='trig_transitions') if execute else none -%}
{%- set floor = trig.trig_timestamp_literal('1900-01-01 00:00:00') -%}
{%- set scan_from = trig.trig_progress_scan_from(this if is_incremental() else none, log) -%}
{#- positive windows look one window behind the last count -#}
{%- set windows = leaves | map(attribute='leaf') | selectattr('within_s') | map(attribute='within_s') | list -%}
{%- set scan_from = trig.trig_shift_timestamp(scan_from, -(windows | max if windows else 0)) -%}

with
{{ trig.trig_previous_state_ctes() }}
watermark as (
    select
        {%- if is_incremental() %}
        coalesce(max(counted_through), {{ floor }}) as counted_through
        from {{ this }} where progress_key = '~watermark'
        {%- else %}
        {{ floor }} as counted_through
        {%- endif %}
),
objects_live as (
    {{ trig.trig_objects_live_sql() }}
),
{#- the only events read: since the watermark, or since the earliest anchor moved
    after it (a literal, so the scan is pruned by time) -#}
events as (
    select * from {{ trig.trig_events_with_organisation() }} as all_events
    where occurred_at <= {{ t }}
        and occurred_at > {{ trig.trig_timestamp_literal(scan_from) }}
),
{%- for p in leaves %}
{{ trig.trig_progress_ctes(p, 'p' ~ loop.index, t) }}
{%- endfor %}
all_progress as (
    select
        '~watermark' as progress_key,
        cast(null as {{ dbt.type_string() }}) as leaf_key,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_timestamp() }}) as anchor_at,
        cast(0 as {{ dbt.type_int() }}) as event_count,
        cast(null as {{ dbt.type_timestamp() }}) as reached_at
    where {{ t }} > (select counted_through from watermark)
    {%- for p in leaves %}
    union all
    select progress_key, leaf_key, entity_id, anchor_at, event_count, reached_at from p{{ loop.index }}_result
    {%- endfor %}
)

select all_progress.*, {{ t }} as counted_through
from all_progress
