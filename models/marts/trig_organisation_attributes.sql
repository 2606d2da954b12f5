{{ config(materialized='trig_view') }}
{#- Every organisation attribute in one wide row: inputs, roll-ups, write-backs and
    the generated lifecycle attributes of every organisation-level object. -#}
{%- set shape = trig.trig_wide_attribute_shape(ref('int_trig__organisation_attributes'), 'organisation') if execute else {'aliases': true} -%}
with organisations as (
    select * from {{ ref('int_trig__organisation_attributes') }}
),

generated as (
    {{ trig.trig_generated_attributes_sql('organisation', 'organisation_id') }}
)

select
    organisations.*
    {{- trig.trig_generated_columns('organisation', 'generated', shape.aliases) }}
from organisations
left join generated on generated.organisation_id = organisations.organisation_id
