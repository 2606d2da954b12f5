{#- The objects among `waiting` (evaluated by earlier batches, their transitions not yet
    applied to the state) that a batch of evaluation units references, in order: the
    state must hold them before the batch reads it. -#}
{% macro trig_batch_reads_waiting(units, waiting) -%}
  {%- set needed = [] -%}
  {%- for unit in units -%}
    {%- for r in unit.refs if r in waiting and r not in needed -%}{%- do needed.append(r) -%}{%- endfor -%}
  {%- endfor -%}
  {{ return(needed) }}
{%- endmacro %}
