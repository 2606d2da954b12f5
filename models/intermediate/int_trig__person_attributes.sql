{#- Person attributes: the person's columns, their organisation's attributes (the
    person's own column wins on a name clash) and the person's write-backs. People of
    an unknown organisation are left out (listed in trig_quarantine).
    A view (re-created only when its definition changes): copying every organisation
    column onto every person was a table rebuilt in full by each evaluation; readers
    join only the columns they use (issue 9). -#}
{{ config(materialized='trig_view') }}
{%- set person_columns = trig.trig_columns_of(ref('stg_trig__people')) -%}
{%- set organisation_columns = trig.trig_columns_of(ref('int_trig__organisation_attributes'), exclude=person_columns) -%}
{%- set written = trig.trig_written_attributes('person') -%}

with people as (
    select * from {{ ref('stg_trig__people') }}
),

organisations as (
    select * from {{ ref('int_trig__organisation_attributes') }}
),

written as (
    {{ trig.trig_written_attributes_sql('person', 'person_id') }}
)

select
    people.*
    {%- for c in organisation_columns %},
    organisations.{{ c }}
    {%- endfor %}
    {%- for name in written if name not in person_columns and name not in organisation_columns %},
    written.{{ name }}
    {%- endfor %}
from people
inner join organisations on organisations.organisation_id = people.organisation_id
left join written on written.person_id = people.person_id
