{{ config(materialized='trig_view') }}
{#- Every person attribute in one wide row: the person's and their organisation's
    attributes, and the generated lifecycle attributes of person-level objects and of
    their organisation's objects (as many as the warehouse's column limit allows:
    trig_wide_attribute_shape). -#}
{%- set shape = trig.trig_wide_attribute_shape(ref('int_trig__person_attributes'), 'person') if execute else {'aliases': true, 'organisation': true} -%}
with people as (
    select * from {{ ref('int_trig__person_attributes') }}
),

person_generated as (
    {{ trig.trig_generated_attributes_sql('person', 'person_id') }}
),

organisation_generated as (
    {{ trig.trig_generated_attributes_sql('organisation', 'organisation_id') }}
)

select
    people.*
    {{- trig.trig_generated_columns('person', 'person_generated', shape.aliases) }}
    {%- if shape.organisation %}
    {{- trig.trig_generated_columns('organisation', 'organisation_generated', shape.aliases) }}
    {%- endif %}
from people
left join person_generated on person_generated.person_id = people.person_id
left join organisation_generated on organisation_generated.organisation_id = people.organisation_id
