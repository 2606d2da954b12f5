{#- A stage's (or one objective's) `signals:` block, checked and normalised
    (docs/decisions/405-signal-benchmarks.md, 406-positive-signals.md):
      min_completions  completions needed before any benchmark exists (10)
      threshold        slow completer: past threshold x benchmark (2.0)
      benchmark        mean | median | p1..p99 (var trig_signal_benchmark, mean)
      slow             {on_raised: [actions]}: what to do when a slow completer is flagged
      fast             true or {threshold: 0.5, lasts: 30 days, on_raised: [...]}
      usage            stage only: [{name, criteria, on_raised}] usage-threshold Signals
    An objective's block overrides its stage's, key by key (usage excepted). Actions on
    a raise are the objects' actions (a `route_to` puts the entity into a job). -#}
{% macro trig_signal_keys(level) -%}
  {%- set keys = ['min_completions', 'threshold', 'benchmark', 'slow', 'fast'] -%}
  {{ return(keys + ['usage'] if level == 'stage' else keys) }}
{%- endmacro %}

{% macro trig_normalize_signals(object_name, spec, level, defaults=none) -%}
  {%- set spec = {} if spec is none else spec -%}
  {%- if spec is not mapping -%}
    {{ trig.trig_config_error(object_name, 'signals', 'expected a mapping with any of ' ~ trig.trig_signal_keys(level) | join(', ')) }}
  {%- endif -%}
  {%- for key in spec.keys() if key not in trig.trig_signal_keys(level) -%}
    {{ trig.trig_config_error(object_name, 'signals.' ~ key, 'unknown Signal setting' ~ (' (usage Signals are declared on the stage)' if key == 'usage' else ''), key, trig.trig_signal_keys(level)) }}
  {%- endfor -%}
  {%- set base = defaults if defaults is not none else {
      'min_completions': var('trig_signal_min_completions', 10),
      'threshold': var('trig_signal_threshold', 2.0),
      'benchmark': var('trig_signal_benchmark', 'mean'),
      'slow_actions': [], 'fast': none, 'usage': []} -%}
  {%- set out = {
      'min_completions': trig.trig_positive_number(spec.get('min_completions', base.min_completions), object_name, 'signals.min_completions', integer=true),
      'threshold': trig.trig_positive_number(spec.get('threshold', base.threshold), object_name, 'signals.threshold'),
      'benchmark': trig.trig_parse_benchmark(spec.get('benchmark', base.benchmark), object_name, 'signals.benchmark'),
      'slow_actions': trig.trig_signal_actions(spec.get('slow'), object_name, 'signals.slow') if 'slow' in spec else base.slow_actions,
      'fast': trig.trig_normalize_fast_signal(spec.get('fast'), object_name) if 'fast' in spec else base.fast,
      'usage': trig.trig_normalize_usage_signals(spec.get('usage') or [], object_name) if level == 'stage' else []
  } -%}
  {{ return(out) }}
{%- endmacro %}

{#- mean | median | pNN -> {name, fraction}: fraction none for the mean. -#}
{% macro trig_parse_benchmark(value, object_name, key) -%}
  {#- an objective inherits its stage's, already parsed -#}
  {%- if value is mapping -%}{{ return(value) }}{%- endif -%}
  {%- set text = value | string | trim | lower -%}
  {%- if text == 'mean' -%}{{ return({'name': 'mean', 'fraction': none}) }}{%- endif -%}
  {%- if text == 'median' -%}{{ return({'name': 'median', 'fraction': 0.5}) }}{%- endif -%}
  {%- set m = modules.re.match('^p(\\d{1,2})$', text) -%}
  {%- if m is not none and (m.group(1) | int) >= 1 -%}
    {{ return({'name': 'p' ~ (m.group(1) | int), 'fraction': (m.group(1) | int) / 100.0}) }}
  {%- endif -%}
  {%- set valid = ['mean', 'median'] -%}
  {%- for p in range(1, 100) -%}{%- do valid.append('p' ~ p) -%}{%- endfor -%}
  {{ trig.trig_config_error(object_name, key, "unknown benchmark '" ~ value ~ "'; use mean, median or a percentile p1 to p99 (e.g. p75)", text, valid) }}
{%- endmacro %}

{% macro trig_positive_number(value, object_name, key, integer=false) -%}
  {%- set text = value | string | trim -%}
  {%- set pattern = '^\\d+$' if integer else '^\\d+(\\.\\d+)?$' -%}
  {%- if value is sameas true or value is sameas false or modules.re.match(pattern, text) is none or (text | float) <= 0 -%}
    {{ trig.trig_config_error(object_name, key, "'" ~ value ~ "' is not a positive " ~ ('whole number' if integer else 'number')) }}
  {%- endif -%}
  {{ return(text | int if integer else text | float) }}
{%- endmacro %}

{#- fast: true | {threshold: 0.5, lasts: 30 days}: an objective completed in less than
    threshold x benchmark raises a positive Signal that stays active `lasts`. -#}
{% macro trig_normalize_fast_signal(value, object_name) -%}
  {%- if value is sameas false or value is none -%}{{ return(none) }}{%- endif -%}
  {%- set spec = {} if value is sameas true else value -%}
  {%- if spec is not mapping -%}
    {{ trig.trig_config_error(object_name, 'signals.fast', "expected true or a mapping like {threshold: 0.5, lasts: 30 days}") }}
  {%- endif -%}
  {%- for key in spec.keys() if key not in ['threshold', 'lasts', 'on_raised'] -%}
    {{ trig.trig_config_error(object_name, 'signals.fast.' ~ key, 'unknown setting', key, ['threshold', 'lasts', 'on_raised']) }}
  {%- endfor -%}
  {%- set threshold = trig.trig_positive_number(spec.get('threshold', 0.5), object_name, 'signals.fast.threshold') -%}
  {%- if threshold >= 1 -%}
    {{ trig.trig_config_error(object_name, 'signals.fast.threshold', "'" ~ threshold ~ "' must be below 1: a fast completer takes less than threshold x the benchmark") }}
  {%- endif -%}
  {{ return({'threshold': threshold, 'lasts_s': trig.trig_parse_duration(spec.get('lasts', '30 days'), object_name, 'signals.fast.lasts'),
             'actions': trig.trig_normalize_actions(object_name, 'signals.fast.on_raised', spec.get('on_raised') or [])}) }}
{%- endmacro %}

{#- usage: [{name, criteria}]: criteria over current attributes (roll-ups count
    events); checked against the catalogue when the engine compiles the stage. -#}
{% macro trig_normalize_usage_signals(value, object_name) -%}
  {%- if value is string or value is mapping -%}
    {{ trig.trig_config_error(object_name, 'signals.usage', 'expected a list of {name, criteria}') }}
  {%- endif -%}
  {%- set out = [] -%}
  {%- for item in value -%}
    {%- set key = 'signals.usage[' ~ loop.index0 ~ ']' -%}
    {%- if item is not mapping or item.get('name') is none or item.get('criteria') is none -%}
      {{ trig.trig_config_error(object_name, key, 'each usage Signal needs a `name` and `criteria`') }}
    {%- endif -%}
    {%- for k in item.keys() if k not in ['name', 'criteria', 'description', 'on_raised'] -%}
      {{ trig.trig_config_error(object_name, key ~ '.' ~ k, 'unknown setting', k, ['name', 'criteria', 'description', 'on_raised']) }}
    {%- endfor -%}
    {%- do out.append({'name': trig.trig_object_name(item.get('name')), 'criteria': item.get('criteria'),
                       'actions': trig.trig_normalize_actions(object_name, key ~ '.on_raised', item.get('on_raised') or [])}) -%}
  {%- endfor -%}
  {{ return(out) }}
{%- endmacro %}

{#- slow: {on_raised: [actions]} -#}
{% macro trig_signal_actions(value, object_name, key) -%}
  {%- if value is not mapping -%}
    {{ trig.trig_config_error(object_name, key, 'expected a mapping like {on_raised: [- slack: {...}]}') }}
  {%- endif -%}
  {%- for k in value.keys() if k != 'on_raised' -%}
    {{ trig.trig_config_error(object_name, key ~ '.' ~ k, 'unknown setting', k, ['on_raised']) }}
  {%- endfor -%}
  {{ return(trig.trig_normalize_actions(object_name, key ~ '.on_raised', value.get('on_raised') or [])) }}
{%- endmacro %}

{#- Every Signal of one stage with its entity and the actions on its raise:
    [{name, entity, actions, key}] (key: where the actions are declared, for messages). -#}
{% macro trig_stage_signals(stage, objects) -%}
  {%- set result = [] -%}
  {%- for o in objects if o.kind == 'objective' and o.parent == stage.name -%}
    {%- do result.append({'name': 'slow_' ~ o.name, 'entity': o.entity, 'actions': o.signals.slow_actions, 'key': 'signals.slow.on_raised'}) -%}
    {%- if o.signals.fast is not none -%}
      {%- do result.append({'name': 'fast_' ~ o.name, 'entity': o.entity, 'actions': o.signals.fast.actions, 'key': 'signals.fast.on_raised'}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for u in stage.signals.usage -%}
    {%- do result.append({'name': u.name, 'entity': stage.entity, 'actions': u.actions, 'key': 'signals.usage.' ~ u.name ~ '.on_raised'}) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}
