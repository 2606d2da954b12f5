{#- The forward conditions as rows (trig_progress_leaves), for the set-based running
    counts (trig_event_progress_set_sql): what each counts, from which anchor, how many
    and within which window. A work table like the pending rows, filled by
    `insert ... values` in chunks so no statement grows with the objects. A condition's
    `filter_id` is its filter's place in `filters` (trig_progress_filter_groups). -#}
{% macro trig_create_progress_conditions(identifier, leaves, filters, scanned_from) -%}
  {%- set conditions = trig.trig_engine_relation(identifier) -%}
  {%- set text, stamp, number = dbt.type_string(), dbt.type_timestamp(), dbt.type_bigint() -%}
  {%- do adapter.drop_relation(conditions) -%}
  {%- do trig.trig_create_table_as(conditions,
      'select cast(null as ' ~ number ~ ') as leaf_id, cast(null as ' ~ text ~ ') as leaf_key, cast(null as ' ~ text ~ ') as object_name, '
      ~ 'cast(null as ' ~ text ~ ') as context, cast(null as ' ~ text ~ ') as entity_type, '
      ~ 'cast(null as ' ~ text ~ ') as event_name, cast(null as ' ~ stamp ~ ') as scan_from, '
      ~ 'cast(null as ' ~ number ~ ') as window_s, cast(null as ' ~ number ~ ') as reach_n, '
      ~ 'cast(null as ' ~ number ~ ') as cooldown_s, cast(null as ' ~ number ~ ') as filter_id where 1 = 0') -%}
  {%- for chunk in leaves | batch(200) -%}
    {%- set first_id = (loop.index0 * 200) + 1 -%}
    {%- set rows = [] -%}
    {%- for p in chunk -%}
      {%- set o, leaf = p.obj, p.leaf -%}
      {%- do rows.append('(' ~ [
          first_id + loop.index0, trig.trig_string_literal(p.key), trig.trig_string_literal(o.name),
          trig.trig_string_literal(p.context), trig.trig_string_literal(o.entity),
          trig.trig_string_literal(leaf.event),
          trig.trig_timestamp_literal(trig.trig_progress_batch_scan_from([p], scanned_from)),
          leaf.within_s if leaf.within_s is not none else 'null',
          [leaf.n, 1] | max, trig.trig_reentry_cooldown_s(o),
          filters.index(leaf.where) + 1 if leaf.where else 0] | join(', ') ~ ')') -%}
    {%- endfor -%}
    {%- do run_query('insert into ' ~ conditions ~ ' (leaf_id, leaf_key, object_name, context, entity_type, event_name, scan_from, window_s, reach_n, cooldown_s, filter_id) values ' ~ rows | join(', ')) -%}
  {%- endfor -%}
  {{ return(conditions) }}
{%- endmacro %}
