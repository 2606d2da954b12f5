{#- A view that is re-created only when its definition changed. Audience views and the
    wide attribute views read tables the engine updates in place, so re-creating them on
    every build costs time and changes nothing. The fingerprint covers the SQL and the
    columns of the relations it reads (a `select *` over an input that gained a column is
    a new definition); it is kept in trig_view_fingerprints (target schema). A view
    dropped by someone else (or by a cascade on PostgreSQL) is created again. -#}
{% materialization trig_view, default -%}
  {%- set target_relation = this.incorporate(type='view') -%}
  {%- set existing = load_cached_relation(this) -%}
  {%- set recorded = trig.trig_view_fingerprints() -%}
  {%- set fingerprint = local_md5(sql ~ trig.trig_upstream_columns(recorded)) -%}
  {%- set unchanged = existing is not none and existing.is_view
        and recorded.get(target_relation | string) == fingerprint -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- set quiet = unchanged and not pre_hooks and not post_hooks -%}
  {%- if unchanged -%}
    {#- with hooks, a trivial statement, so the transaction committed below is open
        (run_query opens none) whether or not reading the fingerprints opened one;
        without, nothing to commit: an unchanged view costs no round trip -#}
    {%- if not quiet -%}
      {%- call statement('trig_unchanged') -%}select 1 as unchanged{%- endcall -%}
    {%- endif -%}
    {%- call noop_statement('main', 'UNCHANGED') -%}{%- endcall -%}
  {%- else -%}
    {%- if existing is not none -%}{%- do adapter.drop_relation(existing) -%}{%- endif -%}
    {%- call statement('main') -%}
      {{ get_create_view_as_sql(target_relation, sql) }}
    {%- endcall -%}
    {%- do trig.trig_record_view_fingerprint(target_relation, fingerprint) -%}
  {%- endif -%}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {%- if not quiet -%}{{ adapter.commit() }}{%- endif -%}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{%- endmaterialization %}
