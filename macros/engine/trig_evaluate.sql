{#- The evaluation at T, run as trig_transitions' pre-hook: brings the state table in
    line with the log, then evaluates the objects batch by batch in evaluation order.
    Each batch's transitions go to a pending table, applied to the state in place
    before a later batch that references their objects reads it, and otherwise once at
    the end: a batch reads this evaluation's result for the objects of earlier batches
    it references (docs/decisions/008-state-tables.md, 015-state-applied-when-read.md).
    The model then appends the pending transitions to the log in one statement and the
    post-hook (trig_finish_evaluation) marks the state as logged. Slow and fast Signals
    come last, for every objective in one statement: they read every stage's and
    objective's episodes as this evaluation left them (ADR 019). -#}
{% macro trig_evaluate() -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set t = trig.trig_t() -%}
  {%- set repeat = trig.trig_evaluation_is_repeat() -%}
  {%- set pending = trig.trig_engine_relation('trig_transitions__pending') -%}
  {%- set plan = trig.trig_evaluation_plan() -%}
  {%- if is_incremental() -%}
    {%- do trig.trig_sync_episode_state(this) -%}
  {%- else -%}
    {%- do trig.trig_refuse_partial_rebuild() -%}
    {%- do trig.trig_rebuild_episode_state(none) -%}
  {%- endif -%}
  {%- do adapter.drop_relation(pending) -%}
  {%- do trig.trig_create_table_as(pending, trig.trig_transitions_batch_sql(plan, [], t)) -%}
  {%- if not repeat -%}
    {%- do trig.trig_write_state_watermark(trig.trig_evaluation_time(), false) -%}
    {%- set batches = trig.trig_evaluation_batches(plan.units) -%}
    {%- set event_slice = trig.trig_evaluation_event_slice(plan, batches, t) -%}
    {%- set state = namespace(waiting=[]) -%}
    {%- for units in batches -%}
      {%- set needed = trig.trig_batch_reads_waiting(units, state.waiting) -%}
      {%- if needed -%}
        {%- do trig.trig_apply_pending_state(pending, needed) -%}
        {%- set state.waiting = state.waiting | reject('in', needed) | list -%}
      {%- endif -%}
      {%- set names = plan.transition_ctes | selectattr('unit', 'in', units | map(attribute='name') | list) | map(attribute='name') | list -%}
      {%- set statement = 'insert into ' ~ pending ~ ' select * from (' ~ trig.trig_transitions_batch_sql(plan, units, t, event_slice) ~ ') as batch_transitions' -%}
      {%- do run_query(statement) -%}
      {%- set state.waiting = state.waiting + names -%}
      {#- the statement's size is logged: warehouses cap statements near 1 MB (ADR 008) -#}
      {%- do log('trig: evaluated batch ' ~ loop.index ~ ' of ' ~ batches | length ~ ' (' ~ names | length ~ ' objects and Signals, statement of ' ~ (statement | length / 1024) | round(1) ~ ' KB)', info=true) -%}
    {%- endfor -%}
    {%- if state.waiting -%}{%- do trig.trig_apply_pending_state(pending, state.waiting) -%}{%- endif -%}
    {%- do trig.trig_evaluate_objective_signals(plan, pending, t) -%}
  {%- endif -%}
  {{ return('') }}
{%- endmacro %}

{#- The slow and fast Signals of every objective, once all objects are in the state. -#}
{% macro trig_evaluate_objective_signals(plan, pending, t) -%}
  {%- if not plan.objective_signals -%}{{ return('') }}{%- endif -%}
  {%- set statement = 'insert into ' ~ pending ~ ' select * from (' ~ trig.trig_objective_signals_sql(plan, pending, t) ~ ') as signal_transitions' -%}
  {%- do run_query(statement) -%}
  {%- set names = [] -%}
  {%- for s in plan.objective_signals -%}
    {%- do names.append('slow_' ~ s.objective) -%}
    {%- if s.fast is not none -%}{%- do names.append('fast_' ~ s.objective) -%}{%- endif -%}
  {%- endfor -%}
  {%- do trig.trig_apply_pending_state(pending, names) -%}
  {%- do log('trig: evaluated the slow and fast Signals of ' ~ plan.objective_signals | length ~ ' objectives (statement of ' ~ (statement | length / 1024) | round(1) ~ ' KB)', info=true) -%}
{%- endmacro %}

{#- trig_transitions' post-hook: the pending transitions are in the log. -#}
{% macro trig_finish_evaluation() -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- if not trig.trig_evaluation_is_repeat() -%}
    {%- do trig.trig_write_state_watermark(trig.trig_evaluation_time(), true) -%}
  {%- endif -%}
  {%- set pending = trig.trig_engine_relation('trig_transitions__pending') -%}
  {%- do trig.trig_cluster_episode_state(pending) -%}
  {%- do adapter.drop_relation(pending) -%}
  {%- do adapter.drop_relation(trig.trig_engine_relation('trig_transitions__events')) -%}
  {%- do trig.trig_analyze_table(this) -%}
  {%- do trig.trig_analyze_table(trig.trig_engine_relation('trig_episode_state')) -%}
  {{ return('') }}
{%- endmacro %}

{#- The events every batch may read, copied once when each batch's scan has a lower bound
    (none: a batch needs all history, and batches read the events directly). -#}
{% macro trig_evaluation_event_slice(plan, batches, t) -%}
  {%- set bounds = [] -%}
  {%- for units in batches -%}
    {%- do bounds.append(trig.trig_events_lower_bound(trig.trig_batch_compiled(plan, units))) -%}
  {%- endfor -%}
  {%- if bounds | length < 2 or none in bounds -%}{{ return(none) }}{%- endif -%}
  {{ return(trig.trig_create_event_slice('trig_transitions__events', bounds | min, t)) }}
{%- endmacro %}

{#- A rebuilt log is evaluated from running counts made for an empty state: counts made
    for the replaced log's episodes would miss every entity that was a member then. -#}
{% macro trig_refuse_partial_rebuild() -%}
  {%- if flags.FULL_REFRESH and 'model.trig.int_trig__event_progress' not in selected_resources -%}
    {{ exceptions.raise_compiler_error("trig: a full refresh of trig_transitions rebuilds history from the running counts in int_trig__event_progress, which this invocation does not select. Run `dbt build --full-refresh` (or select `+trig_transitions`) so both are rebuilt together.") }}
  {%- endif -%}
{%- endmacro %}
