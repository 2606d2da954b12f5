{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Pendo feature clicks and page views. Each row is an hourly or daily AGGREGATE
    (num_events at the start of its bucket, `timestamp`), not one event: it is
    expanded into num_events events where events are staged, so counts see them.
    Names come from feature_history / page_history (latest version by
    last_updated_at). Var pendo_activity_event_name also brings in the general
    `event` table under that name. -#}
{%- set s = dbt.type_string() -%}
{%- set activity = var('pendo_activity_event_name', none) -%}
{%- set kinds = [('feature', 'feature_event', 'feature_history', 'feature_id'), ('page', 'page_event', 'page_history', 'page_id')] -%}

{%- for kind, events_table, names_table, key in kinds %}
{%- set rel = trig.trig_source_table('pendo', events_table) -%}
{%- set c = trig.trig_source_columns(rel) -%}
{%- set names_rel = trig.trig_source_table('pendo', names_table) -%}
{%- set n = trig.trig_source_columns(names_rel) %}
{{ 'with' if loop.first else ',' }} {{ kind }}_names as (
    select id, name from (
        select
            cast({{ trig.trig_source_column(n, names_rel, 'id', required=true) }} as {{ s }}) as id,
            cast({{ trig.trig_source_column(n, names_rel, 'name', required=true) }} as {{ s }}) as name,
            row_number() over (
                partition by {{ trig.trig_source_column(n, names_rel, 'id', required=true) }}
                order by {{ trig.trig_source_column(n, names_rel, 'last_updated_at', required=true) }} desc
            ) as recency
        from {{ names_rel }}
    ) as versions
    where recency = 1
),
{{ kind }}_events as (
    select
        'pendo' as source,
        {{ trig.trig_prefixed('pendo:' ~ kind, trig.trig_source_column(c, rel, '_fivetran_id', required=true, prefix='e')) }} as event_id,
        coalesce({{ kind }}_names.name, cast({{ trig.trig_source_column(c, rel, key, required=true, prefix='e') }} as {{ s }})) as raw_event_name,
        cast({{ trig.trig_source_column(c, rel, 'timestamp', required=true, prefix='e') }} as {{ dbt.type_timestamp() }}) as occurred_at,
        cast({{ trig.trig_source_column(c, rel, 'visitor_id', prefix='e') }} as {{ s }}) as actor_record_id,
        cast(null as {{ s }}) as anonymous_id,
        cast({{ trig.trig_source_column(c, rel, 'account_id', prefix='e') }} as {{ s }}) as organisation_record_id,
        cast(null as {{ trig.trig_type_text() }}) as properties,
        cast({{ trig.trig_source_column(c, rel, 'num_events', required=true, prefix='e') }} as {{ dbt.type_int() }}) as num_events,
        cast(null as {{ trig.trig_type_double() }}) as delivery_order
    from {{ rel }} as e
    left join {{ kind }}_names on {{ kind }}_names.id = cast({{ trig.trig_source_column(c, rel, key, required=true, prefix='e') }} as {{ s }})
)
{%- endfor %}

select * from feature_events
union all
select * from page_events
{%- if activity %}
{%- set rel = trig.trig_source_table('pendo', 'event') %}
{%- set c = trig.trig_source_columns(rel) %}
union all
select
    'pendo',
    {{ trig.trig_prefixed('pendo:event', trig.trig_source_column(c, rel, '_fivetran_id', required=true)) }},
    {{ trig.trig_string_literal(activity) }},
    cast({{ trig.trig_source_column(c, rel, 'timestamp', required=true) }} as {{ dbt.type_timestamp() }}),
    cast({{ trig.trig_source_column(c, rel, 'visitor_id') }} as {{ s }}),
    cast(null as {{ s }}),
    cast({{ trig.trig_source_column(c, rel, 'account_id') }} as {{ s }}),
    cast(null as {{ trig.trig_type_text() }}),
    cast({{ trig.trig_source_column(c, rel, 'num_events', required=true) }} as {{ dbt.type_int() }}),
    cast(null as {{ trig.trig_type_double() }})
from {{ rel }}
{%- endif %}
