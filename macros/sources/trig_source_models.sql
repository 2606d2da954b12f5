{#- The per-connector models of one kind ('organisations', 'people', 'memberships',
    'events') for the enabled connectors that have one, as refs, in priority order;
    with_names: (source name, ref) pairs. -#}
{% macro trig_source_models(kind, with_names=false) -%}
  {%- set provides = {
      'organisations': ['hubspot', 'salesforce', 'segment', 'pendo'],
      'people': ['hubspot', 'salesforce', 'segment', 'pendo'],
      'memberships': ['segment', 'pendo'],
      'events': ['segment', 'amplitude', 'mixpanel', 'pendo'],
  } -%}
  {%- set event_models = {'segment': 'stg_segment__tracks'} -%}
  {%- set result = [] -%}
  {%- for source_name in trig.trig_sources_by_priority() if source_name in provides[kind] -%}
    {%- if kind == 'events' -%}
      {%- set relation = ref(event_models.get(source_name, 'stg_' ~ source_name ~ '__events')) -%}
    {%- else -%}
      {%- set relation = ref('int_' ~ source_name ~ '__' ~ kind) -%}
    {%- endif -%}
    {%- do result.append((source_name, relation) if with_names else relation) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- Enabled connectors, CRMs first, each group in the order of var trig_sources: when
    two sources describe the same organisation or person, the first one's row wins. -#}
{% macro trig_sources_by_priority() -%}
  {%- set enabled = trig.trig_enabled_sources() -%}
  {%- set crm = enabled | select('in', ['hubspot', 'salesforce']) | list -%}
  {{ return(crm + (enabled | reject('in', crm) | list)) }}
{%- endmacro %}

{#- The priority of a `source` column value as a SQL expression (smaller wins); the
    user's own models ('user') come first. -#}
{% macro trig_source_priority(column) -%}
  case {{ column }} when 'user' then 0
  {%- for source_name in trig.trig_sources_by_priority() %} when '{{ source_name }}' then {{ loop.index }}{% endfor %} else 99 end
{%- endmacro %}
