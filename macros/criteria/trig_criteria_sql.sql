{#- A normalised criteria tree as a SQL expression giving the moment the criteria
    became true (null while false): event leaves give the time of the event that
    reached the count; attribute conditions give T (evaluated historically); `all`
    takes the latest of its children, `any` the earliest, `none` gives T. -#}
{% macro trig_criteria_sql(tree, t, attrs='a', leaves='ev') -%}
  {%- if tree is none -%}{{ return(t) }}{%- endif -%}
  {%- if tree.kind == 'attr' -%}
    {{ return('case when ' ~ trig.trig_attribute_condition_sql(tree, t, attrs) ~ ' then ' ~ t ~ ' end') }}
  {%- elif tree.kind == 'event' -%}
    {{ return(trig.trig_event_leaf_sql(tree, t, leaves)) }}
  {%- endif -%}
  {%- set parts = [] -%}
  {%- for child in tree.children -%}
    {%- do parts.append('(' ~ trig.trig_criteria_sql(child, t, attrs, leaves) ~ ')') -%}
  {%- endfor -%}
  {%- if tree.kind == 'all' -%}
    {%- if parts | length == 1 -%}{{ return(parts[0]) }}{%- endif -%}
    {{ return('case when ' ~ (parts | join(' is not null and ')) ~ ' is not null then greatest(' ~ parts | join(', ') ~ ') end') }}
  {%- elif tree.kind == 'any' -%}
    {%- if parts | length == 1 -%}{{ return(parts[0]) }}{%- endif -%}
    {%- set far = trig.trig_timestamp_literal('9999-12-31 00:00:00') -%}
    {%- set guarded = [] -%}
    {%- for p in parts -%}{%- do guarded.append('coalesce(' ~ p ~ ', ' ~ far ~ ')') -%}{%- endfor -%}
    {{ return('nullif(least(' ~ guarded | join(', ') ~ '), ' ~ far ~ ')') }}
  {%- else -%}
    {{ return('case when ' ~ (parts | join(' is null and ')) ~ ' is null then ' ~ t ~ ' end') }}
  {%- endif -%}
{%- endmacro %}

{#- Each event leaf is a joined CTE aliased by the leaf id, with columns
    event_count and reached_at (the time of the event that reached the count). -#}
{% macro trig_event_leaf_sql(leaf, t, leaves) -%}
  {%- set n = leaf.id ~ '.event_count' -%}
  {%- if leaf.op == 'at_least' and leaf.n == 0 -%}{{ return(t) }}{%- endif -%}
  {%- if leaf.op == 'at_least' -%}
    {#- a count since the anchor, or "at least N within a window": the first moment it
        held (ADR 006) -#}
    {{ return(leaf.id ~ '.reached_at') }}
  {%- endif -%}
  {%- set cmp = {'at_least': '>=', 'at_most': '<=', 'exactly': '='}[leaf.op] -%}
  {{ return('case when coalesce(' ~ n ~ ', 0) ' ~ cmp ~ ' ' ~ leaf.n ~ ' then ' ~ t ~ ' end') }}
{%- endmacro %}
