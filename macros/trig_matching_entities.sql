{#- A select of the organisations or people whose current attributes match a criteria
    tree (cohort semantics: attributes only, evaluated at T). Used by cohorts' audience
    views; also callable from any model, e.g. to preview an audience. -#}
{% macro matching_entities(entity, criteria, name='criteria') -%}
  {%- set rows = ref('trig', 'trig_organisation_attributes') if entity == 'organisation' else ref('trig', 'trig_person_attributes') -%}
  {%- if not execute -%}{{ return('select * from ' ~ rows) }}{%- endif -%}
  {%- set ctx = trig.trig_catalog_context(name, entity) -%}
  {%- do ctx.update({'in_cohort': true}) -%}
  {%- set tree = trig.trig_normalize_criteria(criteria, ctx, 'criteria') -%}
select a.*
from {{ rows }} as a
where ({{ trig.trig_criteria_sql(tree, trig.trig_t()) }}) is not null
{%- endmacro %}
