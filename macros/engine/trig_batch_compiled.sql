{#- The compiled objects (trig_compile_object) of a batch of evaluation units, by name. -#}
{% macro trig_batch_compiled(plan, units) -%}
  {%- set compiled = {} -%}
  {%- for unit in units -%}{%- for m in unit.members -%}{%- do compiled.update({m: plan.compiled[m]}) -%}{%- endfor -%}{%- endfor -%}
  {{ return(compiled) }}
{%- endmacro %}
