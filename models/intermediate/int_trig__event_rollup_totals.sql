{{ config(materialized='incremental', unique_key='organisation_id', incremental_strategy=trig.trig_upsert_strategy(), on_schema_change='append_new_columns') }}
/* depends_on: {{ ref('stg_trig__events') }} {{ ref('stg_trig__people') }} {{ ref('stg_trig__organisations') }} */
{#- All-time event roll-ups kept as running totals: each evaluation adds only the events
    since the last one (its own watermark, `counted_through`), so the cost follows new
    events, not history. Windowed roll-ups are computed from their window directly. -#}
{%- set rollups = trig.trig_rollups() | selectattr('of', 'equalto', 'events') | selectattr('within_s', 'none') | list -%}
{%- set t = trig.trig_t() -%}
{%- set d = trig.trig_type_double() -%}
{#- A roll-up declared after the first build has no running total yet: recount every
    roll-up from all history in this run (the upsert replaces each organisation's row and
    the new columns are appended), instead of failing on the missing column. -#}
{%- set state = namespace(incremental=is_incremental()) -%}
{%- if state.incremental and execute -%}
  {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
  {%- for r in rollups if (r.name ~ '__events') | lower not in existing -%}
    {%- set state.incremental = false -%}
  {%- endfor -%}
{%- endif -%}

with watermark as (
    select
        {%- if state.incremental %}
        coalesce(max(counted_through), {{ trig.trig_timestamp_literal('1900-01-01 00:00:00') }}) as counted_through
        from {{ this }}
        {%- else %}
        {{ trig.trig_timestamp_literal('1900-01-01 00:00:00') }} as counted_through
        {%- endif %}
),

new_events as (
    select e.*
    from {{ trig.trig_events_with_organisation() }} as e
    where e.occurred_at <= {{ t }}
        and e.occurred_at > (select counted_through from watermark)
        and e.organisation_id is not null
        and e.event_name in ({% for r in rollups %}{{ trig.trig_string_literal(r.event) }}{% if not loop.last %}, {% endif %}{% else %}null{% endfor %})
),

batch as (
    select
        organisation_id
        {%- for r in rollups %}
        {%- set match = "event_name = " ~ trig.trig_string_literal(r.event) %}
        {%- set value = 'cast(' ~ trig.trig_json_extract_string('properties', r.property) ~ ' as ' ~ d ~ ')' if r.property else 'cast(null as ' ~ d ~ ')' %},
        count(distinct case when {{ match }} then event_id end) as {{ r.name }}__events,
        count(case when {{ match }} then {{ value }} end) as {{ r.name }}__valued,
        sum(case when {{ match }} then {{ value }} end) as {{ r.name }}__sum,
        min(case when {{ match }} then {{ value }} end) as {{ r.name }}__min,
        max(case when {{ match }} then {{ value }} end) as {{ r.name }}__max
        {%- endfor %}
    from new_events
    group by organisation_id
)

select
    b.organisation_id
    {%- for r in rollups %}
    {%- set n = r.name %},
    {%- if state.incremental %}
    coalesce(p.{{ n }}__events, 0) + b.{{ n }}__events as {{ n }}__events,
    coalesce(p.{{ n }}__valued, 0) + b.{{ n }}__valued as {{ n }}__valued,
    case when p.{{ n }}__sum is null then b.{{ n }}__sum when b.{{ n }}__sum is null then p.{{ n }}__sum else p.{{ n }}__sum + b.{{ n }}__sum end as {{ n }}__sum,
    case when p.{{ n }}__min is null then b.{{ n }}__min when b.{{ n }}__min is null then p.{{ n }}__min else least(p.{{ n }}__min, b.{{ n }}__min) end as {{ n }}__min,
    case when p.{{ n }}__max is null then b.{{ n }}__max when b.{{ n }}__max is null then p.{{ n }}__max else greatest(p.{{ n }}__max, b.{{ n }}__max) end as {{ n }}__max
    {%- else %}
    b.{{ n }}__events, b.{{ n }}__valued, b.{{ n }}__sum, b.{{ n }}__min, b.{{ n }}__max
    {%- endif %}
    {%- endfor %},
    {{ t }} as counted_through
from batch as b
{%- if state.incremental %}
left join {{ this }} as p on p.organisation_id = b.organisation_id
{%- endif %}
