{#- Column names for the event counts of trig_entry_explanations: the event name (plus
    the window, e.g. login_within_7d), made an identifier and unique. -#}
{% macro trig_explanation_count_names(leaves) -%}
  {%- set names = [] -%}
  {%- for leaf in leaves -%}
    {%- set base = modules.re.sub('[^a-z0-9_]', '_', leaf.event | lower) -%}
    {%- if leaf.within_s is not none -%}{%- set base = base ~ '_within_' ~ ((leaf.within_s / 86400) | round(1) | string).replace('.0', '') ~ 'd' -%}{%- endif -%}
    {%- set name = 'events_' ~ base -%}
    {%- if name in names -%}{%- set name = name ~ '_' ~ loop.index -%}{%- endif -%}
    {%- do names.append(name) -%}
  {%- endfor -%}
  {{ return(names) }}
{%- endmacro %}
