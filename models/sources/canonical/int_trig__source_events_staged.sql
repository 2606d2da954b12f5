{{ config(enabled=trig.trig_source_enabled(), materialized='incremental', on_schema_change='append_new_columns') }}
{#- Product events from every enabled analytics connector, deduplicated by each
    source's own key (Segment message id, Mixpanel insert_id + person + name + day,
    Amplitude _insert_id, Pendo row id) and stored once, so the engine's time-bounded
    reads prune instead of re-deduplicating all history through views.

    Incremental: each run re-reads, per source, only the raw rows whose time is after
    that source's newest staged event (capped at T) minus a lookback (var
    `<source>_lookback_days`; default 7 for Mixpanel and Amplitude, 3 otherwise), and
    inserts those not already staged. Events arriving later than the lookback are
    missed until `dbt build --full-refresh -s int_trig__source_events_staged`.
    Pendo's hourly/daily aggregate rows are expanded into `num_events` events (ids
    '<row id>#<n>'), all at the start of their bucket, so counts see num_events. -#}
{%- set t = trig.trig_t() -%}
{%- set s = dbt.type_string() -%}
{%- set watermarks = {} -%}
{%- if execute and is_incremental() -%}
  {%- set found = run_query("select source, max(occurred_at) from " ~ this ~ " where occurred_at <= " ~ t ~ " group by source") -%}
  {%- for row in found.rows if row[1] is not none -%}
    {%- do watermarks.update({row[0]: (row[1].strftime('%Y-%m-%d %H:%M:%S') if row[1] is not string else row[1][:19])}) -%}
  {%- endfor -%}
{%- endif -%}
{%- set default_lookback = {'mixpanel': 7, 'amplitude': 7} -%}
{%- set cap = var('pendo_max_events_per_row', 10000) | int -%}

with
{%- if 'pendo' in trig.trig_enabled_sources() %}
digits as (
    {% for d in range(10) %}select {{ d }} as d{% if not loop.last %} union all {% endif %}{% endfor %}
),
numbers as (
    select ones.d + 10 * tens.d + 100 * hundreds.d + 1000 * thousands.d + 1 as n
    from digits as ones cross join digits as tens cross join digits as hundreds cross join digits as thousands
),
{%- endif %}
{%- for source_name, relation in trig.trig_source_models('events', with_names=true) %}
{%- set lookback = var(source_name ~ '_lookback_days', default_lookback.get(source_name, 3)) | int %}
{%- set since = watermarks.get(source_name) %}
{%- set window = dbt.dateadd('day', -lookback, trig.trig_timestamp_literal(since)) if since else none %}
batch_{{ loop.index }} as (
    select
        raw.*,
        {%- if source_name == 'segment' and var('segment_event_tables', []) %}
        props.event_properties,
        {%- endif %}
        row_number() over (partition by raw.event_id order by raw.delivery_order, raw.occurred_at, raw.actor_record_id) as delivery
    from {{ relation }} as raw
    {% if source_name == 'segment' and var('segment_event_tables', []) -%}
    {#- properties from Segment's per-event tables, read over the same window -#}
    left join (
        select event_id as property_event_id, properties as event_properties
        from {{ ref('stg_segment__event_properties') }}
        {%- if window %}
        where occurred_at > {{ window }}
        {%- endif %}
    ) as props on props.property_event_id = raw.event_id
    {%- endif %}
    {%- if window %}
    where raw.occurred_at > {{ window }}
        and raw.event_id not in (
            select event_id from {{ this }} where source = '{{ source_name }}' and occurred_at > {{ window }}
        )
    {%- endif %}
),
expanded_{{ loop.index }} as (
    {%- if source_name == 'pendo' %}
    select
        source,
        case when batch_{{ loop.index }}.num_events = 1 then event_id else {{ dbt.concat(['event_id', "'#'", 'cast(numbers.n as ' ~ s ~ ')']) }} end as event_id,
        raw_event_name, occurred_at, actor_record_id, anonymous_id, organisation_record_id, properties
    from batch_{{ loop.index }}
    inner join numbers on numbers.n <= least(coalesce(batch_{{ loop.index }}.num_events, 1), {{ cap }})
    where delivery = 1
    {%- else %}
    select
        source, event_id, raw_event_name, occurred_at, actor_record_id, anonymous_id, organisation_record_id,
        {% if source_name == 'segment' and var('segment_event_tables', []) %}coalesce(properties, event_properties){% else %}properties{% endif %} as properties
    from batch_{{ loop.index }}
    where delivery = 1
    {%- endif %}
),
{%- endfor %}
all_events as (
    {%- for relation in trig.trig_source_models('events') %}
    select * from expanded_{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select
        cast(null as {{ s }}) as source, cast(null as {{ s }}) as event_id, cast(null as {{ s }}) as raw_event_name,
        cast(null as {{ dbt.type_timestamp() }}) as occurred_at, cast(null as {{ s }}) as actor_record_id,
        cast(null as {{ s }}) as anonymous_id, cast(null as {{ s }}) as organisation_record_id,
        cast(null as {{ trig.trig_type_text() }}) as properties
    where 1 = 0
    {%- endfor %}
)

select
    cast(source as {{ s }}) as source,
    cast(event_id as {{ s }}) as event_id,
    cast(raw_event_name as {{ s }}) as raw_event_name,
    cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
    cast(actor_record_id as {{ s }}) as actor_record_id,
    cast(anonymous_id as {{ s }}) as anonymous_id,
    cast(organisation_record_id as {{ s }}) as organisation_record_id,
    cast(properties as {{ trig.trig_type_text() }}) as properties,
    {{ t }} as staged_at
from all_events
