{#- One row per person who belongs to a known organisation. Null ids, duplicates and
    people without a (known) organisation are listed in trig_quarantine instead. -#}
{%- set source_relation = trig.trig_input_relation('people') -%}
{%- set columns = trig.trig_columns_of(source_relation, exclude=['person_id', 'organisation_id', 'email']) -%}

with source as (
    select * from {{ source_relation }}
),

organisations as (
    select organisation_id from {{ ref('stg_trig__organisations') }}
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
inner join organisations on organisations.organisation_id = ranked.organisation_id
where ranked.duplicate_rank = 1
