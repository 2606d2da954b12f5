{#- Product events with text ids. Reads the events input only (the organisation is
    filled in from the person where events are read: trig_events_with_organisation),
    so replacing another input never cascades here (ADR 007). Deduplication by event_id
    happens where events are counted (on the small slice a condition reads), so this
    view never forces a scan of all history. -#}
{%- set source_relation = trig.trig_input_relation('events') -%}
{%- set columns = trig.trig_columns_of(source_relation) -%}

with source as (
    select * from {{ source_relation }}
)

select
    cast(source.event_id as {{ dbt.type_string() }}) as event_id,
    cast(source.event_name as {{ dbt.type_string() }}) as event_name,
    cast(source.occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
    {% if 'person_id' in columns %}cast(source.person_id as {{ dbt.type_string() }}){% else %}cast(null as {{ dbt.type_string() }}){% endif %} as person_id,
    {% if 'organisation_id' in columns %}cast(source.organisation_id as {{ dbt.type_string() }}){% else %}cast(null as {{ dbt.type_string() }}){% endif %} as organisation_id,
    {% if 'properties' in columns %}cast(source.properties as {{ trig.trig_type_text() }}){% else %}cast(null as {{ trig.trig_type_text() }}){% endif %} as properties
from source
where source.event_id is not null
    and source.occurred_at is not null
