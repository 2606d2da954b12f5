{#- The body of a lifecycle object's model: its audience view. Stages, objectives,
    behaviours and jobs show their current members with every attribute; cohorts show
    the entities matching their criteria now. The object's configuration lives in the
    model's YAML (`config.meta.trig`). -#}
{% macro lifecycle_object() -%}
  {#- re-created only when the definition changes (macros/materializations/trig_view.sql) -#}
  {{ config(materialized='trig_view') }}
  {%- set organisation_rows = ref('trig', 'trig_organisation_attributes') -%}
  {%- set person_rows = ref('trig', 'trig_person_attributes') -%}
  {%- set episodes = ref('trig', 'trig_episodes') -%}
  {#- referenced here so dbt sees the dependency at parse time (cohorts read their
      catalogue from these) -#}
  {%- set _ = ref('trig', 'int_trig__organisation_attributes') -%}
  {%- set _ = ref('trig', 'int_trig__person_attributes') -%}
  {%- set _ = ref('trig', 'int_trig__evaluation_time') -%}
  {%- if not execute -%}{{ return('select 1 as placeholder') }}{%- endif -%}
  {%- set matches = trig.trig_objects() | selectattr('name', 'equalto', model.name) | list -%}
  {%- if not matches -%}
    {{ exceptions.raise_dependency_error("trig: model '" ~ model.name ~ "' calls trig.lifecycle_object() but has no `config.meta.trig` block in its YAML") }}
  {%- endif -%}
  {%- set obj = matches[0] -%}
  {%- set rows = organisation_rows if obj.entity == 'organisation' else person_rows -%}
  {%- set key = 'organisation_id' if obj.entity == 'organisation' else 'person_id' -%}
  {%- if obj.kind == 'cohort' -%}
{{ trig.matching_entities(obj.entity, obj.cohort_criteria, obj.name) }}
  {%- else %}
select
    e.episode_number,
    e.entered_at,
    e.follow_ups_due,
    a.*
from {{ episodes }} as e
inner join {{ rows }} as a on a.{{ key }} = e.entity_id
where e.object_name = '{{ obj.name }}'
    and e.status = 'active'
  {%- endif %}
{%- endmacro %}
