{#- The connectors switched on with var `trig_sources` (in their listed order, which is
    also their priority when two sources describe the same organisation or person).
    An unknown name is a compile error naming the nearest valid one. -#}
{% macro trig_enabled_sources() -%}
  {%- set known = trig.trig_known_sources() -%}
  {%- set configured = var('trig_sources', []) or [] -%}
  {%- if configured is string -%}{%- set configured = [configured] -%}{%- endif -%}
  {%- set result = [] -%}
  {%- for name in configured -%}
    {%- set clean = name | string | lower | trim -%}
    {%- if clean not in known -%}
      {%- set nearest = trig.trig_nearest_name(clean, known) -%}
      {{ exceptions.raise_compiler_error(
          "trig: var 'trig_sources': unknown source '" ~ name ~ "'"
          ~ ((" (did you mean '" ~ nearest ~ "'?)") if nearest else "")
          ~ "; valid sources are " ~ known | join(', ')) }}
    {%- endif -%}
    {%- if clean not in result -%}{%- do result.append(clean) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{% macro trig_known_sources() -%}
  {{ return(['hubspot', 'salesforce', 'segment', 'amplitude', 'mixpanel', 'pendo']) }}
{%- endmacro %}
