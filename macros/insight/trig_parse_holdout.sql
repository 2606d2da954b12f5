{#- A holdout share ("10%", "12.5 %", 0.1) -> buckets out of 10,000 (1000 for 10 %).
    Assignment compares an entity's bucket (trig_holdout_bucket) with this number, so
    shares are exact to 0.01 % and a larger share keeps every member a smaller one held
    out. No key (or 0) means no holdout. See docs/decisions/401-holdout-assignment.md. -#}
{% macro trig_parse_holdout(value, object_name, key) -%}
  {%- if value is none -%}{{ return(0) }}{%- endif -%}
  {%- set text = value | string | trim -%}
  {%- set m = modules.re.match('^(\\d+(\\.\\d+)?)\\s*(%?)$', text) -%}
  {%- if m is none or value is sameas true or value is sameas false -%}
    {{ trig.trig_config_error(object_name, key, "'" ~ value ~ "' is not a share; write e.g. 10% or 0.1") }}
  {%- endif -%}
  {%- set share = (m.group(1) | float) / (100.0 if m.group(3) else 1.0) -%}
  {%- set buckets = (share * 10000) | round | int -%}
  {%- if share < 0 or share >= 1 or ((share * 10000) - buckets) | abs > 0.000001 -%}
    {{ trig.trig_config_error(object_name, key, "'" ~ value ~ "' must be a share from 0% up to (not including) 100%, exact to 0.01%") }}
  {%- endif -%}
  {{ return(buckets) }}
{%- endmacro %}
