"""The decomposer in the languages other than English: one test per pattern, the multilingual set's spans
and its development-half scores."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import unicodedata

import pytest

from routesmith.decompose import decompose
from routesmith.model import TaskType

P, A, C, T, R, D, F, V = map(
    TaskType,
    ("planning", "analysis", "coding", "testing", "refactor", "documentation", "formatting", "review"),
)
MULTILINGUAL = pathlib.Path(__file__).parents[1] / "data" / "multilingual"


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Implementa il filtro per data e aggiorna la documentazione.", [C, D]),  # imperatives
        ("Potresti implementare la paginazione nella lista ordini?", [C]),  # a polite question asks
        ("Scrivi i test per il parser, poi rifattorizzalo.", [T, R]),  # enclitic "-lo"
        ("Trova la causa del timeout e correggila.", [A, C]),
        ("Vorrei solo una proposta per la cache. Non scrivere codice per ora.", [P]),
    ],
)
def test_italian(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("로그인 페이지 구현해 주세요.", [C]),  # Sino-Korean noun + 해 주세요
        ("원인 조사하고 수정해 주세요.", [A, C]),  # 하고 chains two requests
        ("테스트를 작성한 다음에 리팩터링해 주세요.", [T, R]),  # 한 다음에: in this order
        ("- 테스트 추가할 것\n- 문서 업데이트할 것", [T, D]),  # 할 것 list items
        ("관리자 페이지에 문서 뷰어 컴포넌트 만들어 주세요.", [C]),  # a document viewer is a component
        ("원인을 찾아서 고쳐 주세요.", [A, C]),  # a native verb's connective ending (-아서)
        ("README에 설치 방법 설명을 추가해 줘.", [D]),  # "설명을": the object of 추가, not "explain"
        ("리팩터링하기 전에 현재 동작을 테스트로 고정해 주세요.", [T, R]),  # -기 전에: after the main clause
        ("코드는 고치지 마세요. 원인만 알려 주세요.", [A]),  # -지 마세요 negates any verb
        ("버그를 재현하는 테스트를 먼저 작성하고 나서 고쳐 주세요.", [T, C]),  # -하는 modifies the test
    ],
)
def test_korean(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("原因を調べて修正してください。", [A, C]),  # te-form chain
        ("原因を調査して修正し、再発防止のテストも追加してください。", [A, C, T]),  # 〜して, 〜し、
        ("「テスト結果一覧」ページを作ってください。", [C]),  # a task noun naming a page to build
        ("README に新しい環境変数の説明を追記してください。", [D]),  # the last verb decides
        ("サービスの環境変数を README にまとめてください。", [D]),  # organising into a document writes it
        (
            "リファクタリングする前に、テストで挙動を固定してください。",
            [T, R],
        ),  # 〜する前に: the main clause first
        ("テストを実行して、失敗したものを直してください。", [T, C]),  # what failed comes after the run
        ("main.pyをモジュールに分割して、分割した後でテストを書いて。", [R, T]),  # 〜した後で repeats
        ("ドキュメントは書かなくていいです。コンポーネントを実装してください。", [C]),  # 〜なくていい
    ],
)
def test_japanese(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("先出一个方案，然后按方案把迁移实现了。", [P, C]),  # carrying out the plan is coding
        ("做一个「订阅计划」页面。", [C]),  # "plan" names the page, not planning
        ("先写一个能复现 bug 的测试，再修。", [T, C]),  # "…的测试": what comes before 的 modifies the test
        ("分析一下预测模型的召回率。", [A]),  # "预测" (predict) holds no "测" (test)
        ("用 kubeval 检查一下 manifest 有没有坏掉。", [T]),  # a check whether something works
        ("修复这个專案的登录 bug。", [C]),  # "專案" (project) holds no "案" (proposal)
        ("把檔案上传功能做好。", [C]),  # nor does "檔案" (file)
        ("画面構成の案を出してください。", [P]),  # "…の案": a proposal
    ],
)
def test_chinese(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("テストが通るように実装を修正してください。", [C]),  # ように closes a purpose: no step
        ("レビューで指摘が多かったので、エラー処理をリファクタリングしてください。", [R]),  # ので: a reason
        ("`npm start` でサーバーが起動するようにしてください。", [C]),  # ようにして makes it so
        ("テストはすでに通っています。README を更新してください。", [D]),  # すでに: done already
        ("API を実装してください。ドキュメントはあとで自分で書きます。", [C]),  # あとで after は: later
        ("一覧ページにレビュー件数を表示してください。", [C]),  # displaying is building
        ("マークダウンのプレビュー機能を実装してください。", [C]),  # プレビュー holds no レビュー
        ("この差分を見てもらえますか？", [V]),  # asking someone to look it over
        ("設定画面に日付フォーマットの選択肢を追加してください。", [C]),  # の: フォーマット modifies
        ("ログ集計用のスクリプトを書いてください。", [C]),
        ("重複した処理を共通化して、共通化したものにテストを付けてください。", [R, T]),  # したもの
        ("モジュールを分割して、分割した後で CHANGELOG を書いてください。", [R, D]),  # repeats the verb
        ("改善してから、ベンチマークを取ってください。", [C, T]),  # a benchmark after code tests it
        ("テスト仕様書を更新してください。", [D]),  # a compound ends in its head
        ("方針だけ出してください。コードはまだ変更しないでください。データベースを分割したいです。", [P]),
        ("なぜこのテストは時々失敗するのですか？", [A]),  # のです explains, it gives no reason
        ("CI でテストが落ちています。直してください。", [C]),  # テストが: the subject of a state
        ("この機能にはテストが必要です。", [T]),  # but a needed one is asked for
        ("レビューで指摘された箇所を修正してください。", [C]),  # で: where, not the verb
        ("レビュースコアのウィジェットをサイドバーに置いてください。", [C]),  # placing a thing builds it
        ("実装してください。テストはいりません。", [C]),  # いりません: not needed
        ("eslint を回して、警告がゼロになるまで直してください。", [F, F]),  # a linter's warnings
        ("インデントとクォートを統一してください。", [F]),  # と between task nouns: one verb's objects
        ("テストとドキュメントを追加してください。", [T, D]),  # but テスト is a verb too: two steps
        # a generic verb with no object works on the document or formatting just named as a subject
        ("コードのインデントがバラバラなので、統一してください。", [F]),
        ("docstring がほとんどないので、全メソッドに書いてください。", [D]),
        ("README が古いです。更新してください。", [D]),  # README が: a state, apart from its particle
        ("忘れずにテストを書いてください。", [T]),
        # a particle ends the noun phrase: the endpoint is no thing the reference names; "-te" after a verb
        # with no task is the manner of the next one, no clause
        ("APIリファレンスを最新のエンドポイントに合わせて更新してください。", [D]),
        ("学習コードにデータリークがあるか確認して、あれば直してください。", [A, C]),  # whether it is there
        ("全体で問題がないか確認してください。", [T]),  # that nothing is wrong: a test run
        ("コールバックのコードを async/await に変えてください。", [R]),  # code turned into another form
        ("型ヒントを全部の関数につけてください。", [C]),  # "つけて" in kana
        ("エラー処理に気をつけて実装してください。", [C]),  # "気をつけて": be careful, no step
        ("ドキュメントは要らないので、修正してください。", [C]),  # no object from what was ruled out
        ("依存パッケージを最新版に上げてください。", [C]),  # upgrading
        ("E2Eテストが不安定なので、原因を調べて安定させてください。", [A, C]),  # making it stable
        ("このクラスを小さく分けて、それぞれにテストを書いてほしい。", [R, T]),  # splitting
        ("画面遷移のテストを書いてください。", [T]),  # a screen transition is no migration
        ("実装が終わったら、READMEを更新してください。", [C, D]),  # "が終わったら": when it is done
        # "し|て": the "し" of "して" is no dangling "and" when the clause ends at "て"
        ("サーバーが立ち上がるようにして、手順書を書いてください。", [C, D]),
        ("カバレッジを見て、足りない箇所を教えてください。", [A, A]),  # the "て" of "見て" is the verb's
        ("単体テストが足りないので、追加してください。", [T]),  # what is missing is what is added
        ("命名規則がバラバラなので、統一してもらえますか。", [R]),
        ("ログ出力を構造化ログに置き換えてください。", [C]),  # replacing
        ("原因を見てもらえますか？", [A]),  # looking over: the object decides
        ("このモジュールの仕様についてまとめてください。", [D]),  # a summary written about it
        ("エラーハンドリングを見直していただけると助かります。", [R]),  # looking again to improve
        ("N+1になっている箇所がないか確認して、あれば直してほしいです。", [A, C]),  # places to find
        ("ユーザー登録フォームを作っているのですが、バリデーションを追加してもらえますか。", [C]),  # context
        ("テストを書いてからレビュー依頼を出したいです。", [T]),  # asking for a review is the user's step
        ("いまのコードだと競合が起きそうです。どう直せばいいか提案してください。", [P]),  # states, then asks
        ("コードをお願いします。", [C]),  # "お願いします" asks
        ("どう直せばいいか提案してもらえますか？", [P]),  # a polite request, not a question
        ("再現テストを書いてから修正してください。", [T, C]),  # "再現テスト" ends in its head, written first
        ("修正して、再現テストも追加してください。", [C, T]),  # unless said after the fix
        ("なにか改善できるところがあれば教えてください。", [A]),  # "ところ" holds no "と" (and)
        ("コードの重複を減らしたいです。", [R]),
        ("修正後のテストを書いてください。", [T]),  # "後の" modifies the test, it closes no clause
        (
            "以下をお願いします。\n・検索APIのページング対応\n・対応後のテスト追加\n・READMEの更新は不要です",
            [C, T],
        ),
        ("キャッシュをどう設計すればいいか教えてください。", [P]),  # how to design it: a plan
        ("ログイン機能は実装済みです。レビューをお願いします。", [V]),  # done already
        ("ログイン機能を実装しましたが、テストがありません。テストを書いてください。", [T]),
        # a plan first, the implementation left to discuss: the wish before them is context
        (
            "認証周りを作り直したいです。まずは設計案を出してもらえますか。実装はその後で相談させてください。",
            [P],
        ),
        ("テストを書いてください。書き終わったら、README を更新してください。", [T, D]),  # said before
    ],
)
def test_japanese_clauses(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("测试已经都通过了，帮我更新一下 README。", [D]),  # 已经: done already
        ("把按钮改成蓝色，改完跑一下测试。", [C, T]),  # 改完 repeats 改: order, no new step
        ("写完测试以后把这个大函数拆一拆。", [T, R]),  # 完 before 以后 is a complement
        ("做一个会员套餐（plan）对比页面。", [C]),  # a Latin gloss is a translation
        ("帮我看看这个类的接口设计。", [A]),  # a verb before 这个 takes its object
        ("把没用的import删掉。", [R]),  # a Latin verb without a light verb is a noun
        ("这段代码是三年前写的，帮我加上单元测试。", [T]),  # 写的: a relative clause
        ("更新一下架构文档。", [D]),  # 架构文档 is a document
        ("幫我解釋一下這段程式碼在做什麼。", [A]),  # traditional Chinese
        ("先出个方案，暂时别动代码。我们想把单体应用拆成几个服务。", [P]),  # a proposal only
        ("先对比一下响应时间，然后加上索引，最后跑一下基准测试。", [A, C, T]),  # a benchmark after code
        ("把import顺序整理一下。", [F]),  # import order is formatting
        ("这段代码写得有点乱，帮我重构一下。", [R]),  # 写得: how the code is written, no request
        ("给注册接口加个邮箱格式校验。", [C]),  # format validation is a feature
        ("在 README 里补上 Docker 的用法。", [D]),  # usage, written down
        ("把 import 排序整理好。", [F]),
        ("重构一下异常处理，统一成自定义异常。", [R]),  # 统一成: the refactor's target, no step
        ("把文件拆一拆，逻辑别改。", [R]),  # the topic, then the negation before its verb
        ("逻辑不要改，只改命名。", [R]),
        ("别忘了加测试。", [T]),  # not forgetting asks for it
        ("不要忘记更新文档。", [D]),
        ("先出个方案，等我确认之后再实现。", [P]),  # the work after an approval gate waits for it
        ("验证集好像混进了训练数据，帮我确认一下是不是真的。", [A]),  # whether it is true
        ("把旧的回调写法全部改成async/await，改完之后用prettier格式化一下。", [R, F]),  # 改完: no new step
        ("把这段代码改成用 dataclass。", [R]),
        ("把所有的 print 换成 logger。", [C]),  # replacing
        # a task noun as the subject of a statement (no particle marks it): context, no step
        ("E2E测试不稳定，帮我查一下原因然后修好。", [A, C]),
        ("订单服务的代码太乱了，重构一下。", [R]),
        ("单元测试一直超时，帮我看看。", [A]),  # "一直" holds no verb "直"
        ("测试一下登录。", [T]),  # "一下" states nothing
        ("把这个类拆小一点，每个都写上测试。", [R, T]),  # splitting smaller
        ("麻烦整理一下 README。", [D]),
        ("找到原因后顺便修一下。", [A, C]),  # a Chinese verb before its object: "找到原因" is work
        ("给我讲讲这个模块是怎么工作的。", [A]),  # explaining
        ("先不要动代码，帮我列一下需要改的地方。", [A]),  # listing what is there
        ("有没有办法让构建快一点？", [A]),  # "is there a way": a question
        ("这个接口太慢了，优化一下。", [C]),
        # a generic verb with no object works on the naming or document just described
        ("这个函数的命名不太好，帮我改改。", [R]),
        ("README 里的安装步骤过时了，更新一下。", [D]),
        ("再帮我 review 一下有没有遗漏。", [V]),  # "有没有" asks; the verb is no subject
        ("单测跑不过，帮我看看哪里错了。", [A]),  # "跑不过" states a failure, holds no "but"
        ("把这个接口弄一下，支持分页。", [C, C]),
        ("能不能帮我写个登录页面？", [C]),
        ("这个项目没有测试，帮我搭一下测试框架。", [T]),  # what is missing, stated: context
        ("缺少测试，帮我补上。", [T]),  # and added
        ("测试又挂了，修一下。", [C]),  # failing tests are fixed in the code
        ("帮我检查一下代码规范。", [F]),  # code conventions
        ("把 TODO 都处理掉。", [C]),
    ],
)
def test_chinese_clauses(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("테스트가 통과하도록 코드를 수정해 주세요.", [C]),  # 도록 closes a purpose: no step
        ("리뷰에서 지적이 많았기 때문에 에러 처리를 리팩터링해 주세요.", [R]),  # 때문에: a reason
        ("테스트는 이미 다 통과했어요. README 업데이트해 주세요.", [D]),  # 이미: done already
        ("이미지 업로드 기능을 구현해 주세요.", [C]),  # 이미지 holds no 이미
        ("상품 카드에 리뷰 개수를 보여 주세요.", [C]),  # displaying is building
        ("원인 찾으면 설정을 고쳐 주세요.", [A, C]),  # 으면: then the next step
        ("버그를 고친 다음에 회귀 테스트 추가해 주세요.", [C, T]),  # 고친 다음에, apart from the verb
        ("방향만 잡아 주세요. 코드는 아직 건드리지 말고요. 결제 모듈을 분리하려고 합니다.", [P]),
        ("구현은 다음 스프린트에 할 거예요. 지금은 설계안만 정리해 주세요.", [P]),  # 스프린트, 할 거예요
        ("import 순서 정리하고 안 쓰는 import 지워 줘.", [R, F]),  # unused; formatting goes last
        ("릴리즈 노트에 한 줄 써 주세요.", [D]),
        ("테스트가 계속 실패해요. 고쳐 주세요.", [C]),  # 테스트가: the subject of a state
        ("결제 모듈에 테스트가 필요해요.", [T]),  # but a needed one is asked for
        ("코드 리뷰에서 지적받은 부분을 수정해 주세요.", [C]),  # 에서: where, not the verb
        ("배너를 화면 상단에 띄워 주세요.", [C]),  # 띄우다: showing is building
        ("구현해 주세요. API 문서는 제가 따로 쓸게요.", [C]),  # -ㄹ게요: what the speaker will do
        ("린트 경고 다 없애 주세요.", [F]),  # a linter's warnings
        ("들여쓰기가 엉망이에요. 통일해 주세요.", [F]),  # the object said before
        ("README 가 오래됐어요. 업데이트해 주세요.", [D]),
        ("설계안 정리해 주세요. 제 확인 후에 구현해 주세요.", [P]),  # after my check: no step yet
        ("API 문서를 최신 엔드포인트에 맞춰서 업데이트해 주세요.", [D]),
        ("대시보드에 리뷰 개수를 보여주는 위젯 추가해 주세요.", [C]),  # the object still decides
        ("학습 코드에 데이터 누수가 있는지 검토해 주세요.", [A]),  # whether a problem is there
        ("기존 테스트 돌려서 깨지는 거 없는지 확인해 주세요.", [T]),  # that nothing broke
        ("콜백 코드를 async/await로 바꿔 주세요.", [R]),  # code turned into another form
        ("버튼 색을 파란색으로 바꿔 주세요.", [C]),  # a button turned blue: a feature
        ("중복 코드를 공통 함수로 빼 주세요.", [R]),  # pulled out into a function
        ("테스트는 빼고 구현만 해 주세요.", [C]),  # "는 빼고": left out
        ("문서는 제외하고 구현해 주세요.", [C]),  # and no object of the next verb
        ("의존성 패키지 최신 버전으로 올려 주세요.", [C]),  # upgrading
        ("E2E 테스트가 불안정한데 원인 찾아서 안정화해 주세요.", [A, C]),
        ("이 버그 원인이 뭔지 알아봐 줄래?", [A]),  # finding out ("알아보기 쉽게": readable, no verb)
        ("이 PR 머지하기 전에 코드 리뷰 한번 해 주실 수 있을까요?", [V]),  # "PR 머지하기 전에" names a time
        ("테스트가 부족해서 추가해 주세요.", [T]),  # what is missing is what is added
        ("CI에서 테스트가 자꾸 타임아웃 나요. 원인 좀 봐 주세요.", [A]),  # looking over: the object decides
        ("이 코드 좀 봐 주세요.", [V]),
        ("중복된 날짜 포맷 함수들 하나로 합쳐 주세요.", [R]),  # "포맷" names the functions merged
        ("코드 포맷 정리해 주세요.", [F]),  # but tidying the format is formatting
        ("이 부분 리뷰해 주세요.", [V]),  # "부분 리뷰" holds no "분리" across the space
        ("캐시 적용 부탁드릴게요.", [C]),  # "부탁드릴게요" asks: no "-ㄹ게요" of the speaker's own
        # a polite request with a question word asks for the work; the wish before it sets the scene
        ("알림 기능을 만들고 싶은데, 먼저 어떤 구조가 좋을지 제안해 주시겠어요? 구현은 나중에 할게요.", [P]),
        ("왜 느린지 알려 주실래요?", [A]),
        ("재현 테스트 작성하고 버그 고쳐 주세요.", [T, C]),
        ("구현이랑 테스트까지 부탁드려요.", [C, T]),  # "-(이)랑" after a task verb: two kinds of work
        ("README랑 CHANGELOG 업데이트해 주세요.", [D]),  # after nouns alone: one verb's objects
        ("타입 에러 나는 거 다 잡아 주세요.", [C]),  # catching errors fixes them
        (
            "이 PR 리뷰 부탁드려요. 네이밍이랑 예외 처리 위주로 봐 주세요.",
            [V, V],
        ),  # 처리 before the verb: a noun
        ("회원 탈퇴 기능을 만들려고 하는데 어떻게 설계하면 좋을지 먼저 알려 주세요.", [P]),  # -려고: the aim
        ("로그인 API가 토큰 만료를 처리하지 못하고 있어요. 401을 반환하도록 수정해 주세요.", [C]),  # a state
        ("리팩터링하기 전에 테스트 작성해 주세요.", [T, R]),  # but a task verb before "전에" is work
    ],
)
def test_korean_clauses(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


# Written this stop from grammar, not from the multilingual set's misses: each failed before.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2つのライブラリの性能を比較してください。", [A]),  # a Sino-Japanese verb with its kana: comparing
        ("移行のリスクを評価してください。", [A]),  # weighing
        ("新機能の仕様を検討してください。", [P]),  # weighing options: a plan
        ("リリース前にコードを点検してください。", [V]),  # inspecting
        ("設定画面の文言を変更してください。", [C]),  # changing ("この変更" alone is a change made)
        ("ドキュメントが古くなっています。最新化してください。", [D]),
        (
            "認証処理をミドルウェアに移して、各ハンドラから重複コードを取り除いてください。",
            [R, R],
        ),  # moving and removing
        ("設定ファイルの読み込み部分を YAML から TOML に切り替えてください。", [C]),  # switching
        ("この正規表現が何にマッチするのか解説してください。", [A]),
        (
            "テストカバレッジを上げたいので、utils配下のテストを書き足してください。",
            [T],
        ),  # the object decides
        ("评估一下迁移到 Postgres 的风险。", [A]),  # a migration holds no "移到" (move to)
        ("重写一下这个函数，让它更好读。", [R]),  # rewriting
        ("新建一个通知设置页面，接上保存接口，README 里也写一下。", [C, C, D]),  # creating, connecting
        ("让这个脚本兼容 Python 3.12。", [C]),
        ("订单处理的代码太臃肿了，拆一下。", [R]),
        ("两个库的性能对比一下，再评估一下迁移成本。", [A, A]),
        ("두 라이브러리 성능 비교해 주세요.", [A]),
        ("저장 API랑 연결해 주세요.", [C]),
        ("레거시 모듈 재작성해 주세요.", [R]),
        ("E2E テストを Playwright で書き直してください。", [T]),  # rewriting writes what its object names
        ("能简单介绍一下这个仓库的结构吗？", [A]),  # introducing what is there
        ("让日志级别可以按环境切换。", [C]),  # switching
        ("ファイルアップロードのサイズ上限を 10MB にしてください。", [C]),  # a value made so
        # a comparison after the change checks it, after the change
        ("CSV の読み込みが遅いので pandas に置き換えて、速度を比較してください。", [C, A]),
        ("CSV 읽기가 느려서 pandas로 바꾸고 속도 비교해 주세요.", [C, A]),
        ("把训练脚本的随机种子固定住，保证结果可复现。", [C]),  # "reproducible" is no reproduction
        ("학습 스크립트 랜덤 시드 고정해서 결과 재현 가능하게 해 주세요.", [C]),
        ("先想好暗色模式的实现思路，再动手写。", [P, C]),  # an approach to implementing is a plan
        ("다크 모드 구현 방향부터 잡고 나서 구현해 주세요.", [P, C]),
        ("Swagger のドキュメントが実装とずれているので、合わせてください。", [D]),  # aligning what was said
        ("安卓 App 旋转屏幕数据就丢了，用 ViewModel 保存一下。", [C]),  # saving
        ("상품 상세 페이지에 재고 수량 표시해 주세요. 품절이면 버튼 비활성화해 주시고요.", [C, C]),  # showing
        ("API 버전 관리 방식 몇 가지 안을 제시해 주세요.", [P]),  # proposals
        ("옛날 jQuery 코드 지우고 순수 자바스크립트로 다시 짜 주세요.", [R]),  # rewriting
        # listing what was found is analysis, no test
        ("테스트별 실행 시간 측정해서 느린 테스트 목록 뽑아 주세요.", [A, A]),
        ("テストの実行時間を計測して、遅いテストを一覧にしてください。", [A, A]),
        ("まず現状の負荷を計測して、そのあとでチューニングしてください。", [A, C]),  # tuning
        ("먼저 현재 부하 측정하고, 그 다음에 튜닝해 주세요.", [A, C]),
        ("API 응답 캐싱해 주세요. TTL은 5분으로 부탁드려요.", [C]),  # caching
        ("共通のエラーハンドリングをミドルウェアに寄せてください。", [R]),  # gathering into one place
        ("このクラスのメソッドが何をしているか、コメントで補足してください。", [D]),  # a note added
        ("이 클래스 메서드들이 뭘 하는지 주석으로 설명 달아 주세요.", [D]),
        ("给这个类的方法加注释，说明每个方法做什么。", [D]),  # "what it does" builds nothing
        ("检查一下依赖有没有漏洞，有的话升级。", [A, C]),  # a vulnerability is looked for
        ("通知機能の要件を整理して、実装計画を立ててください。", [A, P]),  # requirements sorted out
        ("알림 기능 요구사항 정리하고 구현 계획 세워 주세요.", [A, P]),
        ("전체적으로 코드 보고 문제 있는 부분 짚어 주세요.", [V]),  # pointing out what is wrong
        ("APIキーがハードコードされている箇所がないか探してください。", [A]),  # looking for
        ("이 함수 인자가 너무 많은 것 같아요. 어떻게 정리하면 좋을지 의견 주세요.", [A]),  # an opinion
        ("この関数の引数が多すぎる気がします。どう整理すべきか意見をください。", [A]),
    ],
)
def test_cjk_light_verbs(text: str, expected: list[TaskType]) -> None:
    """Sino nouns and native verbs for every kind of work, with the forms that make them verbs."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("フォーマット選択のドロップダウンを追加してください。", [C]),  # a UI part is a thing built
        ("リリースノートの下書きを作ってください。", [D]),
        ("新人向けのオンボーディング資料を作成してください。", [D]),
        ("实现一个代码审查记录列表。", [C]),
        ("给这个仓库写一份贡献指南。", [D]),  # a guide is a document
        ("帮我起草一份发布说明。", [D]),
        ("只有在测试环境图片显示不出来，帮忙排查一下原因。", [A]),  # a test environment is no test
        ("合并前帮我 review 一下这个 PR。", [V]),  # "before merging" is a time
        ("리뷰 목록 화면에 정렬 기능을 추가해 주세요.", [C]),  # a feature named by its work
        ("API 명세서 작성해 주세요. 코드는 건드리지 마세요.", [D]),  # a specification is a document
        ("테스트 환경 설정 파일 업데이트해 주세요.", [C]),
        ("코드 스타일이 제각각이라 포매터 돌려 주세요.", [F]),  # a formatter; "-이라" gives a reason
        ("CIの設定を変更して、PRごとにリントが走るようにしてください。", [C, C]),  # "per PR" is no review
        ("统一一下 API 错误响应的格式，OpenAPI 定义也跟着更新。", [C, D]),  # a data format is no style
        ("ログ出力のフォーマットを JSON に変えてください。", [C]),  # and so is a log's
        ("把日志输出格式改成 JSON。", [C]),
        # how easy something is to test names no test
        ("이 서비스 클래스가 테스트하기 어려워서 의존성 주입 방식으로 다시 작성해 주세요.", [R]),
        ("这个 service 类不好测，重构一下。", [R]),
        ("클래스 이름이랑 파일 이름 명명 방식 맞춰 주세요.", [R]),  # naming
        ("把下单确认邮件的模板改成 HTML。", [C]),  # a confirmation e-mail is no check
        ("注文確定メールのテンプレートを HTML 化してください。", [C]),  # made into something
        ("중복되는 날짜 처리 로직을 유틸 함수로 묶어 주세요.", [R]),  # bundling
        ("CSV インポート機能を作って、大きいファイルでも落ちないか試してください。", [C, T]),  # trying it out
        ("做一个 CSV 导入功能，试一下大文件会不会崩。", [C, T]),
        # deprecating is code; written as comments is documentation; bullet points write no code
        ("古い API のエンドポイントを非推奨にして、ドキュメントにもその旨を書いてください。", [C, D]),
        ("把旧 API 接口标记为废弃，文档里也注明一下。", [C, D]),
        ("この設定ファイルの各項目の意味をコメントで書いてください。", [D]),
        ("monorepo への移行方針を考えて、手順を箇条書きで出してください。", [P]),
        ("把逻辑挪到 utils 里。", [R]),  # a verb ending in where it goes takes the thing after it
        ("認可チェックが抜けているエンドポイントがないか、全部洗ってください。", [A]),  # scrutinising
        ("권한 체크 빠진 엔드포인트 있는지 전부 훑어봐 주세요.", [A]),
        ("負荷試験のシナリオを作成してください。", [T]),  # a load test
        ("先定一个错误处理的规范，然后按规范把代码都改一遍。", [P, R]),  # settling on a convention
        ("에러 처리 방침을 정하고 그에 맞춰 전체를 다시 작성해 주세요.", [P, R]),
        ("ついでにインポート順も整えておいてください。", [F]),
        ("このエラーの再現手順をチケットにまとめてください。", [D]),  # a ticket written up
        ("把这个报错的复现步骤整理到工单里。", [D]),
        ("이 에러 재현 절차를 티켓에 정리해 주세요.", [D]),
        ("给 GitHub Actions 的 workflow 配上缓存，让 CI 快一点。", [C]),  # configuring
        ("这段代码能不能写得更好读一点？", [R]),  # written better
        ("백업 스크립트가 제대로 돌아가는지 검증해 주세요.", [T]),  # verifying it works
        (
            "Sentry에 에러가 엄청 쌓였어요. 상위 5개 원인 조사해서 수정 방향 정리해 주세요.",
            [A, P],
        ),  # a direction
        ("按方案重构。", [R]),  # a plan followed names how, the verb the work
        ("개선안대로 리팩터링해 주세요.", [R]),
        ("把这个 bug 的复现步骤补充到 README 里。", [D]),  # steps to reproduce are written down
        ("今の DB スキーマを読んで、ER 図を Mermaid で書いてください。", [A, D]),  # a diagram is a document
        ("用 Mermaid 画个 ER 图。", [D]),  # and drawing one writes it
        ("Mermaid로 ER 다이어그램 그려 주세요.", [D]),
        ("重构完了把改动点写到 PR 描述里。", [R, D]),  # a PR's description is a document
        ("コードの書き方がバラバラなので、フォーマッタをかけてください。", [F]),
    ],
)
def test_cjk_nouns(text: str, expected: list[TaskType]) -> None:
    """Nouns that name work, and nouns that only look like it."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "バッチ処理が遅いので、どこがボトルネックか計測してください。改善は後で相談します。",
            [A],
        ),  # left to talk over
        ("パスワードリセット機能の設計をお願いします。実装は次のスプリントでやります。", [P]),
        ("帮忙设计一下密码重置功能，实现下个迭代再做。", [P]),
        ("배치 작업이 느려요. 어디가 병목인지 측정해 주세요. 개선은 나중에 상의해요.", [A]),
        (
            "テストが失敗している理由を調べてもらえますか？直すのはこちらでやります。",
            [A],
        ),  # what "we" will do
        ("まだ実装しなくていいから、どういう構成にするか案だけちょうだい。", [P]),  # a proposal asked bare
        # another team's work is no step
        ("新しい通知基盤のアーキテクチャを設計してください。実装は別チームが担当します。", [P]),
        ("设计一下新的通知系统架构，实现由别的组负责。", [P]),
        ("새 알림 시스템 아키텍처 설계해 주세요. 구현은 다른 팀이 맡아요.", [P]),
        # what is left out is missing, and added
        ("ユーザー削除時のテストケースが抜けているので追加してください。", [T]),
        ("사용자 삭제 테스트 케이스가 빠져 있어서 추가해 주세요.", [T]),
        ("아직 구현은 하지 말고 구조를 어떻게 할지 안만 줘.", [P]),
        # a plan under consideration sets the scene; pros and cons are weighed
        ("キャッシュの導入を検討しています。まずはメリット・デメリットを整理してもらえますか。", [A]),
        ("에러 로그 확인해서 대응 방안 제안해 주세요. 수정은 필요 없어요.", [A, P]),  # logs are read
        ("Flutter アプリのビルドが iOS だけ失敗します。エラーログを見て対処してください。", [A, C]),
        ("Flutter 앱 빌드가 iOS에서만 실패해요. 에러 로그 보고 조치해 주세요.", [A, C]),
        (
            "ステージング環境でだけ画像が表示されません。原因を調査してもらえますか。",
            [A],
        ),  # a failing state asks nothing
        (
            "キャッシュのキーを見直して、衝突しないようにしてください。",
            [R, C],
        ),  # a negated purpose negates no work, and "ようにして" is a verb of its own
    ],
)
def test_cjk_deferrals_and_states(text: str, expected: list[TaskType]) -> None:
    """Work put off or left to talk over, and states that ask nothing."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ちょっとこのコード見てくれない？", [V]),  # casual: looking it over
        ("このプルリクのコードをチェックしてもらえますか。", [V]),
        ("どう直せばいいか提案してもらえる？", [P]),  # a question word, yet a request
        ("どう直せばいいか提案してくれない？", [P]),
        ("어떤 구조가 좋을지 제안해 줄래?", [P]),
        (
            "型エラーが大量に出ています。どこから手をつけるべきか整理してもらえますか。",
            [A],
        ),  # sorting out a question
        ("타입 에러가 엄청 많이 나요. 어디부터 손대야 할지 정리해 주실래요?", [A]),
    ],
)
def test_cjk_requests(text: str, expected: list[TaskType]) -> None:
    """Casual and polite requests in the form of a question."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "주문 처리 코드가 너무 비대해요. 클래스 분리해 주세요.",
            [R],
        ),  # a verb noun naming the noun after it
        ("에러 처리 부분이 엉망이에요. 정리해 주세요.", [R]),
        (
            "데이터 이전 도구가 메모리를 너무 많이 써요. 원인 조사해 주세요.",
            [A],
        ),  # and 쓰다 "use" in a statement
        ("データ移行ツールがメモリを食いすぎます。原因を調べてください。", [A]),
        ("ログ解析スクリプトが遅いです。高速化してください。", [C]),
        (
            "修复 CSV 解析的 bug，修之前先写个能复现的测试。",
            [T, C],
        ),  # "解析" parses in Chinese; before the fix said
        ("CSVパーサーのバグを修正してください。修正前に再現テストを書くこと。", [T, C]),
        ("CSV 파서 버그 고쳐 주세요. 고치기 전에 재현 테스트부터 작성해 주세요.", [T, C]),
        ("기능 추가하기 전에 원인을 조사해 주세요.", [A, C]),  # the "가" of "추가" is no particle
        ("テスト書いてから直して。", [T, C]),  # "-てから": after doing, in this order
        ("테스트 먼저 짜고 버그 고쳐 줘.", [T, C]),  # Korean puts "first" after the object
        ("원인 찾고 수정해 주세요.", [A, C]),  # "찾고": the stem, then its connective
        # a Korean check is a test run unless it names other work
        ("먼저 기존 테스트가 다 통과하는지 확인하고, 그 다음에 의존성 업데이트해 주세요.", [T, C]),
        ("옛날 API 클라이언트를 새 SDK로 교체하고 동작 확인까지 해 주세요.", [C, T]),
        ("ドキュメントが古いです。更新してください。", [D]),  # a katakana subject, dropped by the verb
    ],
)
def test_cjk_compounds_and_repeats(text: str, expected: list[TaskType]) -> None:
    """A verb noun inside a compound, and a step said again before "before"."""
    assert tasks(text) == expected


# Probes written this stop in natural phrasing, before the rules for them: each failed before.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("この関数をもっと速くして。", [C]),  # speed is built
        ("変数名をわかりやすくしてください。", [R]),  # readability is refactored
        ("이 페이지 좀 빠르게 해 줘.", [C]),
        ("변수 이름이 헷갈리니까 알기 쉽게 바꿔 주세요.", [R]),  # the adverb decides "바꿔"
        ("让这个页面加载快一点。", [C]),
        ("把这段逻辑写得简洁一些，然后补上单元测试。", [R, T]),
        ("给接口加上缓存，让响应快一点。", [C]),  # after a comma, "让" says what the work is for
        ("ページを作って、使い方をまとめてください。", [C, D]),  # Japanese "使い方" holds no "使" (make)
    ],
)
def test_cjk_a_state_asked_for_is_the_work_that_reaches_it(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("テスト結果の集計スクリプトを書いてください。", [C]),  # a script is built, whatever it counts
        ("ドキュメント生成ツールを導入してください。", [C]),
        ("負荷テストスクリプトも作成してください。", [T]),  # but a test script is a test
        ("부하 테스트 스크립트도 작성해 주세요.", [T]),
        ("レビューコメントの対応をお願いします。", [C]),  # review comments are addressed in code
        ("리뷰 코멘트 반영해 주세요.", [C]),
        ("修正は不要です、コメントだけください。", [V]),  # comments alone are a review
        ("今の決済フローを図にまとめてください。", [D]),  # a diagram
        ("把测试用例按功能模块重新组织一下。", [R]),
        ("API のエラーレスポンスの形式を揃えて、ドキュメントにも反映してください。", [C, D]),
        ("不要になったフィーチャーフラグを削除してください。", [R]),  # "不要になった" rules out nothing
        ("共通化したうえでテストを書いてください。", [R, T]),  # "したうえで": once done
        ("ログイン後のリダイレクト先がおかしいです。直したらE2Eテストで確認してください。", [C, T]),
        ("代码先别动，先分析一下原因。", [A]),  # "先别动" after what is left alone
        ("先出方案，我确认后再实现。", [P]),  # held until the user approves
        ("설계안 먼저 주세요. 제가 확인한 다음에 구현해 주세요.", [P]),
        ("评估一下把 MySQL 换成 PostgreSQL 的风险和工作量。", [A]),  # "工作量" holds no verb "作"
        ("把旧的 REST 接口迁移到 GraphQL，迁移完写好文档。", [C, D]),  # migrating is no move ("移到")
    ],
)
def test_cjk_things_built_and_work_held(text: str, expected: list[TaskType]) -> None:
    """Things named by the work they do are built; review comments are addressed; work held for later."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("このバグ、再現手順をまとめてから直してもらえる？", [D, C]),  # steps to reproduce, written down
        ("이 버그 재현 방법 정리한 다음에 고쳐 줄래?", [D, C]),
        ("ログが多すぎて読みにくいので、不要なログを減らしてください。", [C]),  # reducing
        ("로그가 너무 많아서 읽기 힘드니까 불필요한 로그 좀 줄여 주세요.", [C]),
        ("この設定値、ハードコードされてるので環境変数から読むようにして。", [C]),  # "ようにして" makes it so
        ("docker-compose로 개발 환경 띄울 수 있게 해 주세요.", [C]),  # "있게 해": makes it possible
        ("정렬 기능이 있었으면 좋겠어요.", [C]),  # a wish for a thing asks for it
        ("먼저 기존 구현을 읽고 이해한 다음에 개선할 점을 정리해 주세요.", [A, A, A]),  # reading
        ("이 컴포넌트 단위 테스트 커버리지가 너무 낮아요. 좀 보강해 주세요.", [T]),  # too low: what is added
        ("帮我弄一下登录的验证码功能。", [C]),  # a verification code is no check
        ("帮我调整一下代码结构。", [R]),
        ("改善点を挙げてください。", [A]),  # points to improve are found
        ("テストを先に書いて、それが通るように実装してください。", [T, C]),  # "先に" after the object
        ("先にテストを書いて、それから実装してください。", [T, C]),
        ("Terraformで環境を構築してください。ドキュメントは後で書きます。", [C]),  # the user's, later
        ("用 Terraform 搭一套预发环境，文档我后面自己写。", [C]),
        ("設定ファイルのスキーマを定義してください。", [C]),  # defining, as a verb
        ("このPRをレビューしてください。特に例外のハンドリングまわりが心配です。", [V]),  # handling, a noun
        ("エラーをハンドリングして、ログに出してください。", [C]),  # and as a verb
        ("이 코드 리뷰 부탁드려요. 특히 예외 처리 부분이요.", [V]),  # a noun said alone: "처리" names it
        ("캐시 적용 부탁드릴게요.", [C]),
        ("eslint 报了很多 warning，帮我修一下。", [F]),  # what a tool reported, dropped by the verb
        ("このメソッド、何をしているんですか？", [A]),  # "what is it doing?"
        ("给 CLI 加一个参数，顺便更新 help 里的说明。", [C, D]),  # the text that describes it
        ("来月Node 20に上げる予定です。影響範囲を調べて、対応が必要な箇所をリストにしてください。", [A, A]),
        ("下个月要升级到 Node 20，帮我评估一下影响范围。", [A]),  # what is planned sets the scene
        ("決済まわりのコードを触る前に、今の処理の流れをシーケンス図にしてもらえますか。", [D]),
        ("昨日マージしたPRのせいで遅くなったかもしれません。原因を調べてください。", [A]),  # a PR merged
        ("어제 머지한 PR 때문에 느려진 것 같아요. 원인 찾아 주세요.", [A]),
        ("测一下看看是不是真的变慢了。", [A]),  # measuring to see
        ("TODOコメントを全部洗い出して表にしてください。", [A, A]),  # put into a table
        ("このコード、汚いのでキレイにしてほしい。", [R]),  # a state asked for, in katakana
        (
            "リリース前に全体をざっとレビューして、気になるところをコメントしてください。",
            [V, V],
        ),  # comments left
        ("릴리스 전에 전체적으로 한번 훑어보고 걸리는 부분에 코멘트 남겨 주세요.", [A, V]),
        ("这段代码能跑但是很乱，整理干净一点。", [R]),  # "能跑": a statement
        ("预发环境的 E2E 测试每次都超时，本地是能过的，查一下差在哪。", [A]),  # what happens every time
        ("プッシュ型とプル型のメリデメを整理してください。", [A]),  # pros and cons, abbreviated
        (
            "まず不具合を再現して、原因が分かったら修正、最後にテストを追加してください。",
            [A, C, T],
        ),  # once known
        (
            "테스트는 안 써도 되는데 문서는 업데이트해 주세요.",
            [D],
        ),  # "안 써도 되는데": ruled out, its clause only
        ("리팩터링해 주시되 동작은 바꾸지 말아 주세요.", [R]),  # "-되": but
        ("先测一下性能，有必要的话再加缓存。", [A, C]),  # measuring performance
        (
            "古いAPIバージョンを廃止する計画を立てて、利用者への告知文も書いてください。",
            [P, D],
        ),  # an announcement
        ("구버전 API 폐기 계획 세우고 사용자 공지문도 작성해 주세요.", [P, D]),
        ("制定一个下线旧版 API 的计划，再写一份给用户的公告。", [P, D]),
        ("エラーメッセージの文言を見直してください。", [C]),  # the words a screen shows
        ("로그인 실패 에러 메시지 문구 좀 다듬어 주세요.", [C]),  # polishing: its object decides
        ("캐시 만료 시간을 설정 파일에서 바꿀 수 있게 해 주세요.", [C]),  # made possible
        ("单元测试跑得太慢，查一下原因然后提速。", [A, C]),  # speeding up
        ("翻一下提交历史，确定一下这个 bug 是什么时候引入的。", [A, A]),  # looking through, pinning down
        ("ステージングでだけ画像が表示されない原因を探ってください。", [A]),
        ("テストが不安定なので、リトライを入れるのではなく根本原因を直してください。", [C]),  # a cause fixed
        ("재시도 넣지 말고 근본 원인을 고쳐 주세요.", [C]),
        ("测试不稳定，别加重试，把根本原因修掉。", [C]),
        ("PRの説明文を書いてください。変更点と動作確認の方法を含めてください。", [D]),  # what it names
        ("写一下 PR 描述，包括改动点和验证方法。", [D]),
        ("PR 설명 써 주세요.", [D]),
        ("给所有的 API 请求加上超时和重试。", [C]),  # a timeout added ("测试超时" states)
        ("商品详情页的价格有时候显示成 NaN，麻烦看看怎么回事。", [A]),  # how it shows: nothing built
        ("新加的搜索功能还没测试过，帮忙写几个用例。", [T, T]),  # "还没": not yet; cases are tests
        ("清理一下项目里没用的依赖和死代码。", [R, R]),  # dead code
        ("给 CLI 加个 --verbose 参数，输出调试信息。", [C]),  # debug output is no debugging
        ("상품 상세 페이지 가격이 가끔 NaN으로 나와요. 왜 그런지 봐 주세요.", [A]),  # a look into why
        ("배포 스크립트에 주석이 없어서 설명 좀 달아 주세요.", [D]),
        ("import 顺序乱七八糟的，整理一下。", [F]),  # a mess, stated
        ("先摸清现在的结构，再做重构计划。", [A, P]),  # a plan to refactor is a plan
        ("登录页的设计改了，同步一下。", [C]),  # a change that happened; bringing in line
        ("这个函数不好测，改成依赖注入。", [R]),  # dependency injection
        ("이 함수 테스트하기 어려워서 의존성 주입하게 바꿔 주세요.", [R]),
        ("결제 실패 케이스에 대한 테스트가 없네요. 추가해 주세요.", [T]),  # "없네요": missing
        ("このエンドポイント、認証なしで叩けてしまうので塞いでください。", [C]),  # blocking a hole
        ("这个接口不用登录就能调，赶紧堵上。", [C]),
        # casual requests
        ("ログインのとこ、たまに500返すから見といて。", [A]),  # "-といて" for "-ておいて"
        ("この関数なんか遅いんだよね。プロファイル取ってみて。", [A]),
        ("型エラー全部潰して、ついでにlintも通しといて。", [C, F]),  # crushing errors: their kind decides
        ("把类型错误全干掉，顺便把 lint 也过了。", [C, F]),
        ("这堆工具函数太乱了，收拾一下。", [R]),
        ("새 기능 브랜치 좀 봐 줘.", [V]),  # "봐 줘" as "봐 주세요"
        (
            "このサービスはもうすぐ廃止予定なので、大きな変更は不要です。セキュリティパッチだけ当ててください。",
            [C],
        ),
        (
            "前任者が書いたコードで、コメントがほとんどありません。主要なクラスにdocstringを付けてください。",
            [D],
        ),
        ("TODO 주석 전부 찾아서 표로 정리해 주세요.", [A, A]),
        ("先做个技术选型，比较一下 Redis 和 Memcached。", [P, A]),  # choosing a technology, comparing
        (
            "로그인 모듈 통합 테스트 추가해 주세요. SMS 발송은 목으로 처리하고요.",
            [T, T],
        ),  # mocking: the test's
        ("把需要重构的代码先补上测试。", [T]),  # a verb before "的" names the noun after it
        ("分析的结果写到 README 里。", [D]),
        ("数据预处理脚本太乱了，按功能拆成几个函数。", [R]),  # preprocessing handles nothing
        ("重构一下支付模块的异常处理，统一成自定义异常。", [R]),  # custom defines nothing
        ("帮忙审一下这段 Kotlin 代码，有改进的地方告诉我。", [V, A]),  # looking code over; being told
        ("코틀린 코드 리뷰해 주시고 개선할 부분 있으면 알려 주세요.", [V, A, A]),  # what to improve is found
        # reading a document is looking into it, not writing docs
        ("先阅读 README，然后修复登录 bug", [A, C]),
        ("まずREADMEを読み込みます。次にログインのバグを直してください", [A, C]),
        ("먼저 README를 읽고 로그인 버그를 고쳐 주세요", [A, C]),  # "읽고": the stem, "고" joins the next
        ("문서를 읽은 다음에 버그를 고쳐 주세요", [A, C]),
    ],
)
def test_cjk_reading_writing_down_and_wishes(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lintのルールを厳しくしたら、警告がたくさん出ました。一覧にしてください。", [A]),  # what happened
        ("READMEを書き直したら、リンクが切れてしまいました。調べてください。", [A]),
        ("린트 규칙을 바꿨더니 경고가 많이 나왔어요. 목록으로 정리해 주세요.", [A]),
        ("이 PR 검토해 줄 수 있어요?", [V]),  # "있어요" is no past
        ("어떤 구조가 좋을지 제안해 주시겠어요?", [P]),  # nor is "겠어요"
        ("うちではPRごとにlintを回しています。今回はCIにキャッシュを追加してください。", [C]),  # what goes on
        ("저희 팀은 PR마다 린트를 돌리고 있어요. 이번에는 CI에 캐시를 추가해 주세요.", [C]),
    ],
)
def test_cjk_a_sentence_told_in_the_past_asks_for_nothing(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("응답 시간 측정 추가해 주세요.", [C]),  # adding a measurement: the predicate decides
        ("요청마다 응답 시간 측정 넣어 줘.", [C]),
        ("에러 추적 추가해 주세요.", [C]),
        ("API 응답 시간을 측정해 주세요.", [A]),  # measuring, the predicate itself
        ("단위 테스트 추가해 주세요.", [T]),  # a task noun as the object keeps its task
    ],
)
def test_korean_a_task_word_before_a_generic_predicate_is_its_object(
    text: str, expected: list[TaskType]
) -> None:
    """Korean drops the object particle in speech: the word before the predicate is still its object."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("このREADME、古いので更新してください。", [D]),  # a topic set off by a comma, dropped by the verb
        ("このドキュメント、古いので更新してください。", [D]),
        ("既存コードの品質について、レビューいただけると幸いです。", [V]),  # "について、": what it is about
        ("テストについて、追加をお願いします。", [T]),
        ("READMEについて、更新をお願いします。", [D]),
        ("importの順番がめちゃくちゃなので整えてください。", [F]),  # tidying what was said: formatting
        ("import 순서가 엉망이라 정리 좀 해 주세요.", [F]),
    ],
)
def test_japanese_a_topic_said_with_a_comma_is_the_dropped_object(
    text: str, expected: list[TaskType]
) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("来期のリリース計画を策定してください。", [P]),
        ("APIのレスポンスタイムを測定してください。", [A]),
        ("問題の切り分けをお願いします。", [A]),
        ("ユーティリティ関数をモジュール化してください。", [R]),
        ("セキュリティの観点で監査してください。", [V]),
        ("Python 3.12をサポートしてください。", [C]),
        ("この処理、遅すぎるので何とかしてください。", [C]),
        ("このクラス、責務が多すぎるので分けたいです。", [R]),
        ("リントエラーを全部直してください。", [F]),  # the object decides a generic verb
        ("コードスタイルを統一してください。", [F]),
        ("READMEのインストール手順が古いので更新してください。", [D]),  # a dropped object, a document
        ("通知機能の設計案を出してください。実装は後でやります。", [P]),  # left for later
        ("帮我搭建一个 CI 流水线。", [C]),
        ("启用 gzip 压缩。", [C]),
        ("帮我把关一下这次的改动。", [V]),
        ("了解一下这个模块是怎么工作的。", [A]),
        ("这个功能先不做，以后再说，先把 bug 修了。", [C]),  # "先不": not now
        ("캐시 전략을 수립해 주세요.", [P]),
        ("업로드 파일 크기를 제한해 주세요.", [C]),
        ("중복 요청을 막아 주세요.", [C]),
        ("테스트 코드 좀 짜 줘.", [T]),
        ("로그인 로직을 일원화해 주세요.", [R]),
        ("에러 처리 부분을 보완해 주세요.", [C]),
        ("이번 PR 검수 부탁드려요.", [V]),
    ],
)
def test_cjk_task_verbs_filled_from_grammar(text: str, expected: list[TaskType]) -> None:
    """Common verbs of each task, with a light verb or a connective, listed from grammar."""
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("把重复的工具函数合并到 utils 里。", [R]),  # "到 utils": where it goes, no thing to build
        ("把校验逻辑抽到 validators 模块。", [R]),
        ("统计一下每个接口的调用次数。", [A]),  # a verb with its measure "一下" takes what follows
        ("重构认证接口。", [R]),  # a verb opening the clause takes the thing after it
        ("测试报告页面加个按钮。", [C]),  # but a task word before a later verb names the thing
        ("在文档里补充一下 API 限流的规则。", [D]),  # "文档里": where it goes, no name of a thing
        # the object decides: the noun its particle marks, or the Chinese head noun that ends the clause
        (
            "新しいメンバーがコードを理解しやすいように、アーキテクチャの概要をまとめたドキュメントを作ってください。",
            [D],
        ),
        ("새로 온 팀원이 코드를 쉽게 이해할 수 있도록 아키텍처 개요 문서를 만들어 주세요.", [D]),
        ("为了让新人更容易上手，写一份架构概览文档。", [D]),
    ],
)
def test_chinese_a_verb_with_its_goal_complement_takes_the_object_before_it(
    text: str, expected: list[TaskType]
) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Füg bitte Tests für den Parser hinzu.", [T]),  # separable verb, imperative without -e
        ("Prüf den Merge Request auf Sicherheitslücken.", [V]),
        ("Kannst du mal die README aktualisieren?", [D]),  # a request, not a question
        ("Est-ce que tu pourrais implémenter la pagination ?", [C]),
    ],
)
def test_german_and_french_requests(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a finite verb ends the subordinate clause; a compound ends in its head noun
        ("Bevor du den Router umbaust, sichere das Verhalten mit Charakterisierungstests ab.", [T, R]),
        ("Nachdem du den Bug behoben hast, aktualisiere bitte das Changelog.", [C, D]),
        ("Leg ein Makefile-Target an und schreib dann eine Anleitung.", [C, D]),  # separable verb
        (
            "Stell den Build im Ordner tools von Make auf Just um und prüf, ob die Tests noch grün sind.",
            [C, T],
        ),
        ("Schreib einen Integrationstest für den Export.", [T]),
        ("Behebe die Lint-Fehler und lass danach die Tests laufen.", [F, T]),  # "danach" after the verb
        ("Erstelle ein Konzept für das Caching, implementiere aber noch nichts.", [P]),
        ("Erstell einen Plan. Noch nichts implementieren.", [P]),
        ("Kannst du mir erklären, wie die Authentifizierung funktioniert?", [A]),  # infinitive before ","
        ("Schlag einen Fix vor, ohne ihn umzusetzen.", [P]),  # "vor" closes the verb, it orders nothing
        ("Schreib bitte die Changelog-Einträge für v2.3.", [D]),  # a container compound takes its modifier
        # a comma before an infinitive of its own, negated
        ("Ich hätte gern Docstrings für die Klassen, den Code bitte nicht anfassen.", [D]),
        ("Die Architektur entwerfen, noch nichts implementieren.", [P]),
        ("Räum die utils auf, da sind drei Funktionen, die dasselbe machen.", [R]),  # a relative clause
        ("Schreib einen Entwurf, wie wir auf JWT umstellen könnten.", [P]),  # "wie wir ...": no request
        ("Lass den Linter laufen und behebe die Warnungen.", [F, F]),  # the warnings the linter reports
        ("Refaktorier den Service, mach am Ende ein Review deiner Änderungen.", [R, V]),  # genitive
        ("Schreib eine kurze Doku fürs Team.", [D]),  # "fürs" ends the noun phrase
        ("Füg eine Pause-Funktion hinzu und trag's ins CHANGELOG ein.", [C, D]),  # "trag's": "es" run on
        ("Den Code hat ein Werkstudent geschrieben. Bitte reviewe ihn.", [V]),  # a perfect reports
        ("Implementier bitte die Suche, Tests kommen später.", [C]),  # the tests ruled out, not the search
        ("Ich brauche einen Unit-Test für die Klasse Invoice.", [T]),
        ("Schreib die README neu, die ist komplett veraltet.", [D]),  # a rewrite: its object decides
        ("Schreib den Parser neu.", [R]),
        ("Lass uns erst mal überlegen, wie wir das Caching angehen.", [P]),  # "lass uns": a request
        ("Kümmer dich bitte um die fehlschlagenden Tests.", [T]),
        ("Tests fehlen noch.", [T]),  # what is missing is asked for
        ("Die Docstrings fehlen überall, kannst du die nachtragen?", [D]),  # "die": the docstrings, one step
        ("Kannst du mal checken, warum der Build rot ist, und das fixen?", [A, C]),  # "checken, warum" asks
        ("Ich würde gern wissen, wie das Auth-Modul funktioniert.", [A]),
        ("Hau mal prettier über das Frontend drüber.", [F]),
        (
            "Die Tests sind rot, seit ich die Abhängigkeiten aktualisiert habe. Finde raus, woran es liegt.",
            [A],
        ),
        ("Schau dir die README an und aktualisiere sie bitte.", [A, D]),  # "sie": the README
        ("Schau dir die README an und aktualisiere die Konfiguration.", [A, C]),
        # the second verb of a dass-clause shares its subject
        ("Ich möchte, dass du die Tests schreibst und danach die Doku aktualisierst.", [T, D]),
        ("Kannst du den Retry einbauen und mir dann einen Abschnitt in der README schreiben?", [C, D]),
    ],
)
def test_german_grammar(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Migra el cliente a la nueva API y comprueba que los tests siguen pasando.", [C, T]),
        ("Ordena los imports y vuelve a correr los tests.", [F, T]),  # doing it again comes after
        ("Dá uma revisada no meu PR.", [V]),  # "dar uma" + the verb as a participle; "no" is "in the"
        ("Roda os testes e me diz por que falham.", [T, A]),  # asking why, about what came before
        ("Reescreve o parser e mede o tempo de execução.", [R, A]),  # "mede": the imperative of "medir"
        (
            "Podes adicionar docstrings às funções e depois correr o black?",
            [D, F],
        ),  # a request, not a question
    ],
)
def test_spanish_and_portuguese_grammar(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿Puedes mirar por qué el endpoint /search devuelve 500?", [A]),  # a request to look why asks
        ("Podes ver porque é que o ficheiro não está a ser lido?", [A]),
        ("Faut découper le composant Dashboard, il fait 900 lignes.", [R]),  # "(il) faut": a request
        ("Mets en forme les fichiers YAML, sans toucher aux valeurs.", [F]),
        ("Fais un état des lieux des endpoints, puis propose un plan de migration.", [A, P]),
        ("Ajoute une option --json au CLI et mets à jour la page de man.", [C, D]),
        ("Corrige o bug, cria testes de integração e anota no changelog.", [C, T, D]),
        ("Analizzalo, poi refactorizzalo in servizi più piccoli.", [A, R]),
        # a task noun ruled out after a comma leaves the clause before it
        ("Faz só o desenho da solução, a implementação fica para a próxima sprint.", [P]),
        ("Write the design only for now, the implementation can wait.", [P]),
        # what a writer puts in a document is documentation, past the "of" phrase of its head
        ("Escribe la nota de la versión en el CHANGELOG.", [D]),
        ("Escreve um resumo das mudanças no CHANGELOG.", [D]),
        ("Schreib eine Zusammenfassung der Änderungen ins CHANGELOG.", [D]),
        (
            "Vê lá como está organizado o sistema e depois escreve um documento de arquitetura.",
            [A, D],
        ),
        ("Podes ver porque é que o build está a falhar e corrigi-lo?", [A, C]),  # "corrigi-lo": "corrigir"
        # a second request after "falta que", "manca da"
        ("Solo falta que revises el código y que escribas la documentación de la API.", [V, D]),
        ("Manca solo da ripulire il codice duplicato e da aggiungere i commenti dove serve.", [R, D]),
        ("Arregla los tests que fallan y que tardan mucho.", [T]),  # "que" inside a clause: a relative
    ],
)
def test_romance_requests_and_deferrals(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # translating: the object decides
        ("Übersetz die README ins Englische.", [D]),
        ("Traduce el README al inglés.", [D]),
        ("Traduis les commentaires en anglais.", [D]),
        ("Traduz a documentação para inglês.", [D]),
        ("Traduci i commenti in inglese.", [D]),
        # German sorting tidies
        ("Vereinheitliche die Fehlermeldungen und sortier die Imports.", [R, F]),
        ("Keys in allen JSON-Dateien alphabetisch sortieren.", [F]),
    ],
)
def test_translating_and_sorting(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Run the linter and fix all warnings.", "Lance le linter et corrige les avertissements."],
)
def test_warnings_after_a_lint_run_are_formatting(text: str) -> None:
    assert tasks(text) == [F, F]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Check whether we actually hit the vulnerable code path, then upgrade it.", [A, C]),
        ("Check whether everything still works.", [T]),  # a working state: a test run
        ("Prüf mal, ob sich beim Preprocessing was geändert hat.", [A]),
        ("Prüf mit kubeval, ob die Manifeste noch gültig sind.", [T]),
        ("Prüf, ob die Jest-Tests danach noch grün sind.", [T]),  # tests follow
        ("Vérifie si le cache est invalidé au logout.", [A]),
        ("Vérifie que les tests passent.", [T]),  # "that" asserts
        ("Comprueba si el cache se invalida al cerrar sesión.", [A]),
        ("Verifica se o token expira corretamente.", [A]),
        ("Controlla se la cache viene svuotata al logout.", [A]),
    ],
)
def test_check_whether_asks_check_that_tests(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fix the lint warnings, sort the imports and run the tests at the end.", [F, F, T]),
        ("Corrige os avisos do linter e corre os testes no fim.", [F, T]),  # the marker closes the clause
        ("Quero testes e2e. Antes, documenta no README como subir o ambiente.", [D, T]),  # "before," alone
        ("Me gustaría tener tests e2e. Antes, documenta en el README cómo levantar el entorno.", [D, T]),
        ("Before, it was fast. Fix it.", [C]),  # context, nothing to order
        ("Tu pourrais découper le composant, passer eslint --fix dessus et faire une relecture ?", [R, F, V]),
    ],
)
def test_order_words_alone_or_closing_a_clause(text: str, expected: list[TaskType]) -> None:
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reproduce it with a failing Playwright test, then fix the clipboard handler.",
        "Reprodúcelo con un test y arregla el renderizado.",
        "Riproducilo con un test e sistema il rendering.",
        "Reproduz com um teste e corrige o rendering.",
        "Reproduis-le avec un test, corrige le rendu.",
        "Reproduzier es mit einem Test und fix das Rendering.",
    ],
)
def test_reproducing_with_a_test_is_the_test_before_the_fix(text: str) -> None:
    assert tasks(text) == [T, C]


@pytest.mark.parametrize(
    "text", ["先出个方案，等我确认之后再实现。", "설계안 정리해 주세요. 제 확인 후에 구현해 주세요."]
)
def test_a_cjk_approval_gate_holds_the_step_before_it(text: str) -> None:
    assert [step.approval_gate for step in decompose(text).steps] == [True]


def test_a_shared_word_reads_in_its_clause_language() -> None:
    """ "revise" is a review in Portuguese and a rewrite in English."""
    assert tasks("Revise o código do módulo de pagamentos, por favor.") == [V]
    assert tasks("Revise the error handling in the importer.") == [C]
    assert tasks("Revise the README for the new CLI flags.") == [D]


def _inside_word(before: str, after: str) -> bool:
    """Whether a boundary between two characters falls inside one word: two letters of an alphabet, of
    kana or Hangul, or a kanji and the hiragana inflecting it ("実装|する")."""

    def script(char: str) -> str:
        name = unicodedata.name(char, "")
        for prefix in ("HIRAGANA", "KATAKANA", "HANGUL", "CJK"):
            if name.startswith(prefix):
                return prefix
        return "ALPHABET" if char.isalnum() else "OTHER"

    first, second = script(before), script(after)
    return (first == second and first in ("ALPHABET", "HIRAGANA", "KATAKANA", "HANGUL")) or (
        first == "CJK" and second == "HIRAGANA"
    )


def _prompts() -> list[str]:
    return [
        json.loads(line)["prompt"]
        for path in sorted(MULTILINGUAL.glob("**/*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_every_span_ends_on_a_word_boundary() -> None:
    prompts = _prompts()
    assert len(prompts) >= 800
    inside = [
        (text[max(0, end - 10) : end], text[end : end + 5])
        for text in prompts
        for step in decompose(text).steps
        if 0 < (end := step.span[1]) < len(text) and _inside_word(text[end - 1], text[end])
    ]
    assert inside == []


def test_every_step_names_its_cue() -> None:
    """The cue is the words that decided the task: never empty, even when the object follows the verb
    ("整理一下 README")."""
    prompts = [*_prompts(), "麻烦整理一下 README。"]
    empty = [(text, step.text) for text in prompts for step in decompose(text).steps if not step.cue.strip()]
    assert empty == []


def test_the_boundary_check_sees_a_cut_word() -> None:
    assert _inside_word("こ", "と") and _inside_word("装", "す") and _inside_word("가", "해")
    assert not _inside_word("し", "、") and not _inside_word("ト", "を") and not _inside_word("e", " ")


def test_a_japanese_word_opening_with_again_keeps_its_first_character() -> None:
    """ "再発" (recurrence) holds no Chinese "再" (then): the step's span starts at the word, not after "再"
    (the boundary check cannot tell two kanji of one word apart)."""
    text = "原因を調査して修正し、再発防止のテストも追加してください。"
    spans = [text[slice(*step.span)] for step in decompose(text).steps]
    assert spans[-1] == "再発防止のテストも追加してください"


def test_a_korean_priority_is_no_first() -> None:
    """ "우선순위" (a priority) opens with "우선" (first): the span keeps the whole word."""
    text = "우선순위가 높은 버그부터 고쳐 주세요."
    assert [text[slice(*step.span)] for step in decompose(text).steps] == [
        "우선순위가 높은 버그부터 고쳐 주세요"
    ]


# Each language's share of fully right cases on the development half: a floor just under what the
# decomposer reaches, so a regression fails (tests/data/multilingual/score.py prints the figures). en.jsonl
# holds 160 everyday English prompts written blind this stop (held half 83% on the code of the time).
FLOORS = {
    "de": 0.95,
    "en": 0.94,
    "es": 0.93,
    "fr": 0.95,
    "it": 0.94,
    "ja": 0.9,
    "ko": 0.92,
    "pt": 0.9,
    "zh": 0.90,
}
# The same on extra/ (more development prompts, written after the rules above by a helper who never saw the
# code; `score.py --extra` prints the figures).
EXTRA_FLOORS = {
    "de": 0.95,
    "es": 0.95,
    "fr": 0.96,
    "it": 0.96,
    "ja": 0.94,
    "ko": 0.92,
    "pt": 0.95,
    "zh": 0.87,
}


def _below_floors(folder: pathlib.Path, floors: dict[str, float]) -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("multilingual_score", MULTILINGUAL / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    results = scorer.score("dev", folder=folder)
    assert set(results) == set(floors)
    return {
        language: f"{right}/{n}" for language, (right, n) in results.items() if right / n < floors[language]
    }


def test_multilingual_development_half_scores() -> None:
    assert _below_floors(MULTILINGUAL, FLOORS) == {}


# extra2/: 400 more (160 in English), written this stop by helpers who never saw the code; scored blind on
# the code of the time (67% of the 240 in other languages, 62% of the English ones) before any rule was
# written for them. German, French, Spanish, Portuguese and Italian rules were written after that figure,
# some from these prompts' misses: their floors are no longer blind.
EXTRA2_FLOORS = {
    "de": 0.93,
    "en": 0.91,
    "es": 0.96,
    "fr": 0.96,
    "it": 0.96,
    "ja": 0.93,
    "ko": 0.96,
    "pt": 0.96,
    "zh": 0.93,
}


# extra3/: 225 more (25 a language), written blind; German, French, Spanish, Portuguese and Italian scored
# de 52%, es 84%, fr 84%, it 88%, pt 80% on the code of the time, Japanese, Korean and Chinese ja 80%, ko 76%,
# zh 68%, before the rules written from their misses (these floors are no longer blind for them; the other
# languages' are one case below their figure).
EXTRA3_FLOORS = {
    "de": 0.96,
    "en": 0.76,
    "es": 0.96,
    "fr": 0.96,
    "it": 0.96,
    "ja": 1.0,
    "ko": 0.96,
    "pt": 0.96,
    "zh": 0.92,
}


# extra4/: 225 more (25 a language), written blind at the start of stop 24 and scored once on the code of the
# time (89% in all: de 88, en 84, es 92, fr 88, it 96, ja 88, ko 92, pt 92, zh 84) before anyone read
# them; the engineers then scored it blind again on their branches and used it: these floors are not blind.
EXTRA4_FLOORS = {
    "de": 0.92,
    "en": 0.92,
    "es": 0.92,
    "fr": 1.0,
    "it": 0.96,
    "ja": 0.92,
    "ko": 0.96,
    "pt": 0.96,
    "zh": 0.96,
}


# extra5/: 225 more (25 a language), written blind at the start of stop 25 and scored once on main's code
# before anyone read them (87% in all: de 76, en 88, es 84, fr 92, it 100, ja 96, ko 76, pt 92, zh 80); the
# engineers then scored it blind again on their branches and used it: these floors are not blind.
EXTRA5_FLOORS = {
    "de": 0.96,
    "en": 0.92,
    "es": 0.88,
    "fr": 0.96,
    "it": 1.0,
    "ja": 1.0,
    "ko": 0.88,
    "pt": 1.0,
    "zh": 0.96,
}


# extra6/: 225 more (25 a language, each language's own prompts, none translated), written blind during
# stop 25 and scored once on the code at its end, before anyone read them (80% in all: de 76, en 88, es 80,
# fr 88, it 76, ja 88, ko 76, pt 76, zh 68); used since (91%): not blind floors.
EXTRA6_FLOORS = {
    "de": 0.84,
    "en": 1.0,
    "es": 0.88,
    "fr": 0.96,
    "it": 0.92,
    "ja": 0.88,
    "ko": 0.92,
    "pt": 0.92,
    "zh": 0.84,
}


# extra7/: 225 more (25 a language, none translated), written blind during stop 26 and scored once on the code
# at its end, before anyone read them (85% in all); used the next stop (ja 92 -> 96, ko 76 -> 96, zh 76 -> 96,
# de 84 -> 88, en 92 -> 96, es 76 -> 88, fr 92 -> 96, it 84 -> 92): not blind floors any more.
EXTRA7_FLOORS = {
    "de": 0.88,
    "en": 0.96,
    "es": 0.88,
    "fr": 0.96,
    "it": 0.92,
    "ja": 0.96,
    "ko": 0.96,
    "pt": 0.92,
    "zh": 0.96,
}


# extra8/: 225 more (25 a language, none translated), written blind during stop 27 and scored once on the code
# at its end, before anyone read them (81% in all): these floors.
EXTRA8_FLOORS = {
    "de": 0.68,
    "en": 0.92,
    "es": 0.72,
    "fr": 0.88,
    "it": 0.72,
    "ja": 0.80,
    "ko": 0.92,
    "pt": 0.76,
    "zh": 0.88,
}


@pytest.mark.parametrize(
    ("folder", "floors"),
    [
        ("extra", EXTRA_FLOORS),
        ("extra2", EXTRA2_FLOORS),
        ("extra3", EXTRA3_FLOORS),
        ("extra4", EXTRA4_FLOORS),
        ("extra5", EXTRA5_FLOORS),
        ("extra6", EXTRA6_FLOORS),
        ("extra7", EXTRA7_FLOORS),
        ("extra8", EXTRA8_FLOORS),
    ],
)
def test_multilingual_extra_scores(folder: str, floors: dict[str, float]) -> None:
    assert _below_floors(MULTILINGUAL / folder, floors) == {}
