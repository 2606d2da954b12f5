{#- Objects are evaluated one after another inside one evaluation. An object sees this
    evaluation's result for every object it references that was evaluated before it;
    references are followed in dependency order (ties broken by priority, then name).
    In a cycle (two jobs excluding each other's members), the object first by priority
    and name goes first, and the reference that closes the cycle sees the previous
    evaluation. Objectives travel with their stage. -#}
{% macro trig_evaluation_order(units) -%}
  {%- set done = [] -%}
  {%- set ordered = [] -%}
  {%- set remaining = units | sort(attribute='name') | sort(attribute='priority') | list -%}
  {%- for _ in units -%}
    {%- set pick = namespace(unit=none) -%}
    {%- for unit in remaining if pick.unit is none and unit.name not in done -%}
      {%- set waiting = [] -%}
      {%- for r in unit.refs if r not in done and r not in unit.members and r in unit.all_units -%}{%- do waiting.append(r) -%}{%- endfor -%}
      {%- if waiting | length == 0 -%}{%- set pick.unit = unit -%}{%- endif -%}
    {%- endfor -%}
    {%- if pick.unit is none -%}
      {%- for unit in remaining if pick.unit is none and unit.name not in done -%}{%- set pick.unit = unit -%}{%- endfor -%}
    {%- endif -%}
    {%- do ordered.append(pick.unit) -%}
    {%- for m in pick.unit.members -%}{%- do done.append(m) -%}{%- endfor -%}
    {%- do done.append(pick.unit.name) -%}
  {%- endfor -%}
  {{ return(ordered) }}
{%- endmacro %}
