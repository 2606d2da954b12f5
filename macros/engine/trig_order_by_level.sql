{#- The evaluation order (trig_evaluation_order) regrouped by level, so that objects
    nobody waits for are not spread over every batch: a unit's level is one more than
    the level of each unit before it that it references, and one more than each unit
    after it that references it back (a cycle's closing reference, which must keep
    reading the previous evaluation). A stable sort by level keeps every referenced
    unit on the same side of the unit that references it, so each object sees exactly
    what it saw in the evaluation order (ADR 002), while the batches of later levels
    are the only ones that need earlier batches applied to the state (ADR 015). -#}
{% macro trig_order_by_level(ordered) -%}
  {%- set unit_of, position = {}, {} -%}
  {%- for unit in ordered -%}
    {%- for m in [unit.name] + unit.members -%}{%- do unit_of.update({m: unit.name}) -%}{%- endfor -%}
    {%- do position.update({unit.name: loop.index0}) -%}
  {%- endfor -%}
  {%- set level, at_least = {}, {} -%}
  {%- for unit in ordered -%}
    {%- set here = namespace(level=at_least.get(unit.name, 0)) -%}
    {%- for r in unit.refs if r in unit_of and unit_of[r] != unit.name and position[unit_of[r]] < loop.index0 -%}
      {%- set here.level = [here.level, level[unit_of[r]] + 1] | max -%}
    {%- endfor -%}
    {%- do level.update({unit.name: here.level}) -%}
    {%- for r in unit.refs if r in unit_of and unit_of[r] != unit.name and position[unit_of[r]] > loop.index0 -%}
      {%- do at_least.update({unit_of[r]: [at_least.get(unit_of[r], 0), here.level + 1] | max}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set leveled = [] -%}
  {%- for unit in ordered -%}{%- do leveled.append({'level': level[unit.name], 'unit': unit}) -%}{%- endfor -%}
  {{ return(leveled | sort(attribute='level') | map(attribute='unit') | list) }}
{%- endmacro %}
