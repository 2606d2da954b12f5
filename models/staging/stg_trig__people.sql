{#- One row per person. Rows without an id and all but one row of a duplicated id are
    left out here and listed in trig_quarantine. Reads the people input only (ADR 007):
    people whose organisation is unknown are left out by int_trig__person_attributes. -#}
{%- set source_relation = trig.trig_input_relation('people') -%}
{%- set columns = trig.trig_columns_of(source_relation, exclude=['person_id', 'organisation_id', 'email']) -%}

with source as (
    select * from {{ source_relation }}
),

ranked as (
    select
        cast(source.person_id as {{ dbt.type_string() }}) as person_id,
        cast(source.organisation_id as {{ dbt.type_string() }}) as organisation_id,
        cast(source.email as {{ dbt.type_string() }}) as email,
        {% for c in columns %}source.{{ c }},
        {% endfor %}row_number() over (
            partition by source.person_id
            order by {% if 'updated_at' in columns %}source.updated_at desc, {% endif %}source.email
        ) as duplicate_rank
    from source
    where source.person_id is not null
)

select
    ranked.person_id,
    ranked.organisation_id,
    ranked.email{% for c in columns %},
    ranked.{{ c }}{% endfor %}
from ranked
where ranked.duplicate_rank = 1
