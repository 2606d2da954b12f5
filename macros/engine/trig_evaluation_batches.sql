{#- Splits the ordered evaluation units (a stage travels with its objectives) into
    consecutive batches of at most `trig_objects_per_statement` objects, each evaluated
    by one statement, so that statement size and planner depth stay bounded however
    many objects a project has. Order is kept: a batch sees the state left by the
    batches before it. -#}
{% macro trig_evaluation_batches(units) -%}
  {%- set limit = var('trig_objects_per_statement', 20) | int -%}
  {%- if limit < 1 -%}
    {{ trig.trig_config_error('vars', 'trig_objects_per_statement', 'must be a positive number of objects, got ' ~ limit) }}
  {%- endif -%}
  {%- set batches = [] -%}
  {%- set current = namespace(units=[], size=0) -%}
  {%- for unit in units -%}
    {%- if current.size > 0 and current.size + unit.members | length > limit -%}
      {%- do batches.append(current.units) -%}
      {%- set current.units = [] -%}
      {%- set current.size = 0 -%}
    {%- endif -%}
    {%- set current.units = current.units + [unit] -%}
    {%- set current.size = current.size + unit.members | length -%}
  {%- endfor -%}
  {%- if current.size > 0 -%}{%- do batches.append(current.units) -%}{%- endif -%}
  {{ return(batches) }}
{%- endmacro %}
