{#- One row per organisation. Rows without an id and all but one row of a duplicated
    id are left out here and listed in trig_quarantine (the duplicate kept is the
    most recently updated when an `updated_at` column exists). -#}
{%- set source_relation = trig.trig_input_relation('organisations') -%}
{%- set columns = trig.trig_columns_of(source_relation, exclude=['organisation_id']) -%}

with source as (
    select * from {{ source_relation }}
),

ranked as (
    select
        cast(organisation_id as {{ dbt.type_string() }}) as organisation_id,
        {% for c in columns %}{{ c }},
        {% endfor %}row_number() over (
            partition by organisation_id
            order by {% if 'updated_at' in columns %}updated_at desc, {% endif %}{{ (columns or ['organisation_id']) | join(', ') }}
        ) as duplicate_rank
    from source
    where organisation_id is not null
)

select
    organisation_id{% for c in columns %},
    {{ c }}{% endfor %}
from ranked
where duplicate_rank = 1
