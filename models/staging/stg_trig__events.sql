{#- Product events with text ids and the organisation filled in from the person.
    Deduplication by event_id happens where events are counted (on the small slice a
    condition reads), so this view never forces a scan of all history. -#}
{%- set source_relation = trig.trig_input_relation('events') -%}
{%- set columns = trig.trig_columns_of(source_relation) -%}

with source as (
    select * from {{ source_relation }}
),

people as (
    select person_id, organisation_id from {{ ref('stg_trig__people') }}
)

select
    cast(source.event_id as {{ dbt.type_string() }}) as event_id,
    cast(source.event_name as {{ dbt.type_string() }}) as event_name,
    cast(source.occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
    {% if 'person_id' in columns %}cast(source.person_id as {{ dbt.type_string() }}){% else %}cast(null as {{ dbt.type_string() }}){% endif %} as person_id,
    coalesce(
        {% if 'organisation_id' in columns %}cast(source.organisation_id as {{ dbt.type_string() }}){% else %}cast(null as {{ dbt.type_string() }}){% endif %},
        people.organisation_id
    ) as organisation_id,
    {% if 'properties' in columns %}cast(source.properties as {{ trig.trig_type_text() }}){% else %}cast(null as {{ trig.trig_type_text() }}){% endif %} as properties
from source
left join people
    on people.person_id = {% if 'person_id' in columns %}cast(source.person_id as {{ dbt.type_string() }}){% else %}null{% endif %}
where source.event_id is not null
    and source.occurred_at is not null
