{#- A select of the organisations or people whose current attributes match a criteria
    tree (cohort semantics: attributes only, evaluated at T, read from
    int_trig__evaluation_time so a view's SQL stays the same across evaluations). Used by cohorts' audience
    views; also callable from any model, e.g. to preview an audience. -#}
{% macro matching_entities(entity, criteria, name='criteria') -%}
  {%- set rows = ref('trig', 'trig_organisation_attributes') if entity == 'organisation' else ref('trig', 'trig_person_attributes') -%}
  {%- set t = trig.trig_view_t() -%}
  {%- if not execute -%}{{ return('select * from ' ~ rows) }}{%- endif -%}
  {%- set ctx = trig.trig_catalog_context(name, entity) -%}
  {%- do ctx.update({'in_cohort': true}) -%}
  {%- set tree = trig.trig_normalize_criteria(criteria, ctx, 'criteria') -%}
select a.*
from {{ rows }} as a
where ({{ trig.trig_criteria_sql(tree, t) }}) is not null
{%- endmacro %}
